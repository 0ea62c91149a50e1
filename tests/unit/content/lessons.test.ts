// Every lesson, both locales, read from the MDX sources as an author writes them (one parser:
// ./lesson-source.ts): pairs and order, frontmatter, the exercises each lesson holds (from the code's
// EXERCISE_LESSON, the one source of truth), quiz structure, live clusters on named scenarios, glossary links,
// reading time and recap. Lessons are found on disk, so a new lesson is checked without editing this file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISE_IDS, EXERCISE_LESSON } from '../../../src/exercises/types';
import { terms } from '../../../src/lib/glossary';
import { exampleNames } from '../../../src/scenarios/index';
import { validateQuiz } from '../../../src/widgets/quiz/logic';
import { exerciseIds, frontmatter, quizIds, quizzes } from './lesson-source';

const root = resolve(__dirname, '../../..');
const DIRS = { fr: join(root, 'src/content/docs/cours'), en: join(root, 'src/content/docs/en/cours') } as const;
type Loc = keyof typeof DIRS;
const files = (loc: Loc) => readdirSync(DIRS[loc]).filter((f) => /^\d\d-.+\.mdx$/.test(f)).sort();
const read = (loc: Loc, slug: string) => readFileSync(join(DIRS[loc], `${slug}.mdx`), 'utf8');

const slugs = files('fr').map((f) => f.replace(/\.mdx$/, ''));
const GLOSSARY = terms.map((t) => t.id);
const all = (re: RegExp, src: string) => [...src.matchAll(re)].map((m) => m[1]);

/** The exercises a lesson must hold: the code's EXERCISE_LESSON, read backwards. */
const exercisesOf = (slug: string) => EXERCISE_IDS.filter((id) => EXERCISE_LESSON[id] === slug).sort();

describe('the course', () => {
  it('has its lessons numbered 01, 02, … without gaps, in French and in English, file for file', () => {
    expect(slugs.length).toBeGreaterThanOrEqual(9);
    expect(slugs.map((s) => Number(s.slice(0, 2)))).toEqual(slugs.map((_, i) => i + 1));
    expect(files('en')).toEqual(files('fr'));
  });

  it('places every exercise of the catalogue in an existing lesson', () => {
    expect(EXERCISE_IDS.filter((id) => !slugs.includes(EXERCISE_LESSON[id]))).toEqual([]);
    // …and every exercise embedded in a lesson is in the catalogue, in that lesson.
    const embedded = slugs.flatMap((s) => exerciseIds(read('fr', s)).map((id) => `${id} in ${s}`)).sort();
    expect(embedded).toEqual(EXERCISE_IDS.map((id) => `${id} in ${EXERCISE_LESSON[id]}`).sort());
  });
});

describe.each(slugs)('lesson %s', (slug) => {
  const src = { fr: read('fr', slug), en: read('en', slug) };
  const fm = { fr: frontmatter(src.fr), en: frontmatter(src.en) };

  it('has the frontmatter the course map needs, with `order` its file number, in both locales', () => {
    for (const loc of ['fr', 'en'] as const) {
      const f = fm[loc];
      expect(f.order, loc).toBe(String(Number(slug.slice(0, 2))));
      expect(typeof f.title === 'string' && f.title.length > 0, `${loc} title`).toBe(true);
      expect(typeof f.description === 'string' && f.description.length > 20, `${loc} description`).toBe(true);
      expect(Number(f.minutes), `${loc} minutes`).toBeGreaterThan(0);
      expect(Number(f.minutes), `${loc} minutes`).toBeLessThanOrEqual(10);
      expect(Array.isArray(f.objectives), `${loc} objectives`).toBe(true);
      expect((f.objectives as string[]).length).toBeGreaterThanOrEqual(3);
      expect((f.objectives as string[]).length).toBeLessThanOrEqual(4);
    }
  });

  it('holds exactly the exercises the catalogue assigns to it, in both locales', () => {
    expect(exerciseIds(src.fr)).toEqual(exercisesOf(slug));
    expect(exerciseIds(src.en)).toEqual(exercisesOf(slug));
  });

  it('has one well-formed quiz (id = slug, 3 to 5 questions), the same questions and answers in both locales', () => {
    expect(quizIds(src.fr)).toEqual([slug]);
    expect(quizIds(src.en)).toEqual([slug]);
    const checked = { fr: validateQuiz(slug, quizzes(src.fr)[0].questions), en: validateQuiz(slug, quizzes(src.en)[0].questions) };
    expect(checked.fr.errors).toEqual([]);
    expect(checked.en.errors).toEqual([]);
    const qs = checked.fr.questions;
    expect(qs.length).toBeGreaterThanOrEqual(3);
    expect(qs.length).toBeLessThanOrEqual(5);
    for (const q of qs) {
      expect(new Set(q.choices).size, `distinct choices in "${q.q}"`).toBe(q.choices.length);
      for (const e of q.explain) expect(e.length, `explanation in "${q.q}"`).toBeGreaterThan(10);
    }
    // French and English ask the same questions: as many, in the same order, each with the same right answer, as
    // many choices and explanations, and the same figures where a choice is a number. A question dropped or added
    // in one language only fails here (saved answers are keyed by position, q1, q2, …, in both languages).
    const raw = { fr: quizzes(src.fr)[0].questions, en: quizzes(src.en)[0].questions };
    expect(raw.en.length, 'as many questions in English as in French').toBe(raw.fr.length);
    expect(checked.en.questions.length, 'as many well-formed questions in English as in French').toBe(qs.length);
    const shape = (x: typeof qs) =>
      x.map((q) => [q.answer, q.choices.length, q.explain.length, q.choices.map((c) => (/^\d+$/.test(c) ? c : '…'))]);
    expect(shape(checked.en.questions)).toEqual(shape(qs));
  });

  it('embeds at least one live cluster on a named example scenario, the same clusters in both locales', () => {
    const scenarios = (s: string) => all(/<Cluster[\s\S]*?scenario="([^"]+)"/g, s);
    const ids = (s: string) => all(/<Cluster[\s\S]*?id="([^"]+)"/g, s);
    expect(scenarios(src.fr).length).toBeGreaterThan(0);
    for (const s of scenarios(src.fr)) expect(exampleNames as string[]).toContain(s);
    expect(scenarios(src.en)).toEqual(scenarios(src.fr));
    expect(ids(src.en)).toEqual(ids(src.fr));
  });

  it('links glossary terms with known anchors, in the page’s language, and English links stay in English', () => {
    const links = (s: string) => [...s.matchAll(/\]\((\/(?:en\/)?glossaire\/#([a-z-]+))\)/g)];
    for (const loc of ['fr', 'en'] as const) {
      expect(links(src[loc]).length, loc).toBeGreaterThan(0);
      for (const [, href, anchor] of links(src[loc])) {
        expect(GLOSSARY).toContain(anchor);
        expect(href.startsWith(loc === 'en' ? '/en/glossaire/' : '/glossaire/'), href).toBe(true);
      }
    }
    const anchors = (s: string) => [...new Set(links(s).map((m) => m[2]))].sort();
    expect(anchors(src.en)).toEqual(anchors(src.fr));
    expect(src.en).not.toMatch(/\]\(\/cours\//);
  });

  it('reads in under 10 minutes (prose and quiz at 200 words a minute, code excluded), and says so', () => {
    for (const loc of ['fr', 'en'] as const) {
      const prose = src[loc].replace(/```[\s\S]*?```/g, '').replace(/^(import|export) .*$/gm, '').replace(/^---[\s\S]*?---/, '');
      const words = prose.match(/[\p{L}’']+/gu)?.length ?? 0;
      expect(words / 200, loc).toBeLessThan(10);
      expect(Number(fm[loc].minutes), loc).toBeGreaterThanOrEqual(Math.round(words / 250));
    }
  });

  it('ends with a recap', () => {
    expect(src.fr).toMatch(/^## À retenir$/m);
    expect(src.en).toMatch(/^## Key takeaways$/m);
  });

});

describe('lesson-specific content', () => {
  const bySuffix = (suffix: string) => {
    const slug = slugs.find((s) => s.endsWith(suffix));
    expect(slug, `a lesson *${suffix}`).toBeDefined();
    return slug!;
  };

  it('the lesson on failures embeds the computed quorum table, not a typed one', () => {
    const slug = bySuffix('-combien-de-pannes');
    for (const loc of ['fr', 'en'] as const) {
      const s = read(loc, slug);
      expect(s).toContain('<QuorumTable max={7} />');
      expect(s).not.toMatch(/^\|\s*1\s*\|\s*1\s*\|\s*0\s*\|/m);
    }
  });

  it('the real-cluster lesson pairs a terminal with a cluster of the same id', () => {
    const slug = bySuffix('-aller-plus-loin');
    for (const loc of ['fr', 'en'] as const) {
      const s = read(loc, slug);
      const term = /<Terminal\s+cluster="([^"]+)"/.exec(s)?.[1];
      expect(term, loc).toBeTruthy();
      expect(s).toMatch(new RegExp(`<Cluster[^>]*id="${term}"`));
    }
  });
});

describe('the MDX reader (lesson-source.ts) can fail', () => {
  it('reads quiz ids, exercise ids and frontmatter, and evaluates computed answers', () => {
    const sample = [
      '---', 'title: "T"', 'order: 3', 'objectives:', '  - "a"', '  - "b"', '---',
      '<Exercise id="lose-quorum" />',
      '<Quiz id="03-x" questions={[{ q: "Combien ?", choices: ["1", "2 {braces}"], answer: quorumSize(3) - 1, explain: ["no", "yes"] }]} />',
    ].join('\n');
    expect(frontmatter(sample)).toEqual({ title: 'T', order: '3', objectives: ['a', 'b'] });
    expect(exerciseIds(sample)).toEqual(['lose-quorum']);
    expect(quizzes(sample)).toEqual([{ id: '03-x', questions: [{ q: 'Combien ?', choices: ['1', '2 {braces}'], answer: 1, explain: ['no', 'yes'] }] }]);
    // A wrong assignment is seen: this lesson would hold an exercise the catalogue puts elsewhere.
    expect(exerciseIds(sample)).not.toEqual(exercisesOf('02-haute-disponibilite'));
  });
});
