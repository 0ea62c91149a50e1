// Course content checks over the lesson files themselves (both locales): pairs, frontmatter, exercise and
// quiz ids, quiz structure, glossary links and scenarios. They read the MDX sources, as an author writes them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseIds, frontmatter, quizIds, quizzes } from './lesson-source';

const root = resolve(__dirname, '../../..');
const frDir = join(root, 'src/content/docs/cours');
const enDir = join(root, 'src/content/docs/en/cours');
const lessonFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /^\d\d-.+\.mdx?$/.test(f)).sort() : []);
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

/** Lessons 05–09: the part of the course these tests were written with. */
const OWN = ['05-trois-noeuds', '06-combien-de-pannes', '07-nombre-pair', '08-surete-raft', '09-conclusion', '10-aller-plus-loin'];

/** Exercise ids each lesson must hold, read from docs/ARCHITECTURE.md ("`ha-one-crash` (02)"). */
function assignedExercises(): Map<string, string[]> {
  const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  const section = /Exercise ids and the lesson each lives in:([\s\S]*?)\n\n/.exec(doc)?.[1] ?? '';
  const map = new Map<string, string[]>();
  for (const m of section.matchAll(/`([a-z0-9-]+)`\s*\((\d\d)\)/g)) map.set(m[2], [...(map.get(m[2]) ?? []), m[1]].sort());
  return map;
}

const GLOSSARY = ['quorum', 'majority', 'leader', 'follower', 'candidate', 'term', 'log', 'commit', 'heartbeat',
  'election-timeout', 'learner', 'partition', 'split-vote', 'prevote', 'checkquorum', 'readindex', 'linearizable-read',
  'serializable-read', 'revision', 'snapshot', 'membership-change', 'high-availability'];
const SCENARIOS = ['three-nodes', 'worked-example-3', 'lose-quorum', 'four-nodes', 'four-nodes-split', 'five-nodes',
  'five-nodes-split', 'seven-nodes', 'prevote-off-heal', 'slow-network'];

const fr = lessonFiles(frDir);
const en = lessonFiles(enDir);

describe('lesson pairs (every lesson, both locales)', () => {
  it('the course lessons 05 to 09 exist in French and in English', () => {
    for (const slug of OWN) {
      expect(fr, `French ${slug}`).toContain(`${slug}.mdx`);
      expect(en, `English ${slug}`).toContain(`${slug}.mdx`);
    }
  });

  it('each French lesson has an English twin with the same file name', () => {
    expect(en).toEqual(fr);
  });

  for (const f of fr.filter((x) => en.includes(x))) {
    it(`${f}: same order, same exercise ids and same quiz ids in both locales`, () => {
      const a = read(frDir, f);
      const b = read(enDir, f);
      expect(frontmatter(b).order).toBe(frontmatter(a).order);
      expect(frontmatter(a).order).toBe(String(Number(f.slice(0, 2))));
      expect(exerciseIds(b)).toEqual(exerciseIds(a));
      expect(quizIds(b)).toEqual(quizIds(a));
    });
  }
});

describe('lessons 05 to 09', () => {
  const assigned = assignedExercises();
  it('docs/ARCHITECTURE.md assigns exercises to lessons 05 to 08', () => {
    expect(assigned.get('05')).toEqual(['restore-quorum', 'stale-serializable-read']);
    expect(assigned.get('07')).toHaveLength(3);
  });

  for (const slug of OWN) {
    const num = slug.slice(0, 2);
    for (const [loc, dir] of [['fr', frDir], ['en', enDir]] as const) {
      const file = `${slug}.mdx`;
      if (!existsSync(join(dir, file))) continue;
      const src = read(dir, file);
      const fm = frontmatter(src);

      it(`${loc}/${slug}: frontmatter has a title, a one-line description, minutes ≤ 10 and 3–4 objectives`, () => {
        expect(typeof fm.title === 'string' && fm.title.length > 0).toBe(true);
        expect(typeof fm.description === 'string' && fm.description.length > 20).toBe(true);
        expect(Number(fm.minutes)).toBeGreaterThan(0);
        expect(Number(fm.minutes)).toBeLessThanOrEqual(10);
        expect(Array.isArray(fm.objectives)).toBe(true);
        expect((fm.objectives as string[]).length).toBeGreaterThanOrEqual(3);
        expect((fm.objectives as string[]).length).toBeLessThanOrEqual(4);
      });

      it(`${loc}/${slug}: holds exactly its assigned exercises`, () => {
        expect(exerciseIds(src)).toEqual(assigned.get(num) ?? []);
      });

      it(`${loc}/${slug}: one quiz, id = slug, 3 to 5 questions, an explanation for every choice`, () => {
        const qs = quizzes(src);
        expect(qs.map((q) => q.id)).toEqual([slug]);
        const { questions } = qs[0];
        expect(questions.length).toBeGreaterThanOrEqual(3);
        expect(questions.length).toBeLessThanOrEqual(5);
        for (const q of questions) {
          expect(q.q.length).toBeGreaterThan(5);
          expect(q.choices.length).toBeGreaterThanOrEqual(2);
          expect(new Set(q.choices).size, `distinct choices in "${q.q}"`).toBe(q.choices.length);
          expect(q.explain).toHaveLength(q.choices.length);
          expect(Number.isInteger(q.answer) && q.answer >= 0 && q.answer < q.choices.length).toBe(true);
          for (const e of q.explain) expect(e.length).toBeGreaterThan(10);
        }
      });

      it(`${loc}/${slug}: at least one live cluster, on a named example scenario`, () => {
        const scenarios = [...src.matchAll(/<Cluster[\s\S]*?scenario="([^"]+)"/g)].map((m) => m[1]);
        expect(scenarios.length).toBeGreaterThan(0);
        const examples = join(root, 'src/scenarios/examples');
        for (const s of scenarios) {
          expect(SCENARIOS).toContain(s);
          if (existsSync(examples) && readdirSync(examples).length > 0) expect(existsSync(join(examples, `${s}.json`)), `${s}.json`).toBe(true);
        }
      });

      it(`${loc}/${slug}: glossary links use a known anchor and the page's locale`, () => {
        const links = [...src.matchAll(/\]\((\/(?:en\/)?glossaire\/#([a-z-]+))\)/g)];
        expect(links.length).toBeGreaterThan(0);
        for (const [, href, anchor] of links) {
          expect(GLOSSARY).toContain(anchor);
          expect(href.startsWith(loc === 'en' ? '/en/glossaire/' : '/glossaire/'), href).toBe(true);
        }
      });

      it(`${loc}/${slug}: reads in under 10 minutes (prose and quiz at 200 words a minute, code excluded)`, () => {
        const prose = src.replace(/```[\s\S]*?```/g, '').replace(/^(import|export) .*$/gm, '').replace(/^---[\s\S]*?---/, '');
        const words = prose.match(/[\p{L}’']+/gu)?.length ?? 0;
        expect(words / 200).toBeLessThan(10);
        expect(Number(fm.minutes)).toBeGreaterThanOrEqual(Math.round(words / 250));
      });

      it(`${loc}/${slug}: ends with a recap`, () => {
        expect(src).toMatch(loc === 'fr' ? /\n## À retenir\n/ : /\n## Key takeaways\n/);
      });
    }

    it(`${slug}: French and English quizzes ask the same questions (same answers, same number of choices)`, () => {
      const a = quizzes(read(frDir, `${slug}.mdx`))[0].questions;
      const b = quizzes(read(enDir, `${slug}.mdx`))[0].questions;
      expect(b.map((q) => [q.answer, q.choices.length])).toEqual(a.map((q) => [q.answer, q.choices.length]));
    });
  }

  it('lesson 06 embeds the computed table, not a typed one', () => {
    for (const dir of [frDir, enDir]) {
      const src = read(dir, '06-combien-de-pannes.mdx');
      expect(src).toContain('<QuorumTable max={7} />');
      expect(src).not.toMatch(/^\|\s*1\s*\|\s*1\s*\|\s*0\s*\|/m);
    }
  });

  it('lesson 10 pairs a terminal with a cluster of the same id', () => {
    for (const dir of [frDir, enDir]) {
      const src = read(dir, '10-aller-plus-loin.mdx');
      const term = /<Terminal\s+cluster="([^"]+)"/.exec(src)?.[1];
      expect(term).toBeTruthy();
      expect(src).toMatch(new RegExp(`<Cluster[^>]*id="${term}"`));
    }
  });
});

