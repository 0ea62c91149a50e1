// Lessons 01–04: both locales say the same things (same quizzes with the same answers, same widgets,
// exercises and glossary links), every quiz is well formed, and the French follows French typography.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quorumSize, toleratedFailures } from '../../../src/raft/quorum';
import { validateQuiz, type QuizQuestion } from '../../../src/widgets/quiz/logic';

const root = new URL('../../../src/content/docs/', import.meta.url);
const read = (locale: 'fr' | 'en', slug: string) =>
  readFileSync(new URL(`${locale === 'fr' ? '' : 'en/'}cours/${slug}.mdx`, root), 'utf8');

const lessons: { slug: string; order: number; exercises: string[] }[] = [
  { slug: '01-etcd', order: 1, exercises: [] },
  { slug: '02-haute-disponibilite', order: 2, exercises: ['ha-one-crash'] },
  { slug: '03-quorum', order: 3, exercises: ['lose-quorum'] },
  { slug: '04-raft', order: 4, exercises: ['provoke-election', 'follower-catch-up'] },
];

/** The `questions={[…]}` expression of the page's <Quiz>, evaluated the way MDX would (quorum helpers in scope). */
function quizOf(src: string): { id: string; questions: unknown } {
  const at = src.indexOf('<Quiz');
  expect(at, 'a <Quiz> on the page').toBeGreaterThan(-1);
  const id = /<Quiz\s+id="([^"]+)"/.exec(src.slice(at))?.[1] ?? '';
  const start = src.indexOf('questions={', at) + 'questions={'.length;
  const end = src.indexOf('\n/>', start);
  const expr = src.slice(start, end).trim().replace(/}$/, '');
  const questions = new Function('quorumSize', 'toleratedFailures', `return (${expr});`)(quorumSize, toleratedFailures);
  return { id, questions };
}

const frontmatter = (src: string) => src.split('---')[1];
const all = (re: RegExp, src: string) => [...src.matchAll(re)].map((m) => m[1]);

/** French prose only: no fenced code, no inline code, no import lines. */
function frenchProse(src: string): string[] {
  let fence = false;
  const lines: string[] = [];
  for (const line of src.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence;
    else if (!fence && !/^\s*import /.test(line) && !/^\s*\|[\s:|-]*$/.test(line)) lines.push(line.replace(/`[^`]*`/g, '``'));
  }
  return lines;
}

describe.each(lessons)('lesson $slug', ({ slug, order, exercises }) => {
  const fr = read('fr', slug);
  const en = read('en', slug);

  it('has the frontmatter the course map needs, in both locales', () => {
    for (const src of [fr, en]) {
      const fm = frontmatter(src);
      expect(fm).toMatch(new RegExp(`^order: ${order}$`, 'm'));
      const minutes = Number(/^minutes: (\d+)$/m.exec(fm)?.[1]);
      expect(minutes).toBeGreaterThan(0);
      expect(minutes).toBeLessThanOrEqual(10);
      const objectives = fm.split('objectives:')[1].split('\n').filter((l) => /^\s+- /.test(l));
      expect(objectives.length).toBeGreaterThanOrEqual(3);
      expect(objectives.length).toBeLessThanOrEqual(4);
      expect(fm).toMatch(/^description: "[^"]{20,}"$/m);
    }
  });

  it('has a well-formed quiz of 3 to 5 questions, identical answers in both locales', () => {
    const qfr = quizOf(fr);
    const qen = quizOf(en);
    expect(qfr.id).toBe(slug);
    expect(qen.id).toBe(slug);
    const vfr = validateQuiz(qfr.id, qfr.questions);
    const ven = validateQuiz(qen.id, qen.questions);
    expect(vfr.errors).toEqual([]);
    expect(ven.errors).toEqual([]);
    expect(vfr.questions.length).toBeGreaterThanOrEqual(3);
    expect(vfr.questions.length).toBeLessThanOrEqual(5);
    const shape = (qs: QuizQuestion[]) => qs.map((q) => ({ n: q.choices.length, answer: q.answer }));
    expect(shape(ven.questions)).toEqual(shape(vfr.questions));
    // a computed answer must land on a real choice (indexOf gives -1 when the engine disagrees with the text)
    for (const q of vfr.questions) expect(q.answer).toBeGreaterThanOrEqual(0);
  });

  it('embeds the same widgets, exercises and glossary terms in both locales', () => {
    const clusters = (s: string) => all(/<Cluster[\s\S]*?id="([^"]+)"/g, s);
    expect(clusters(fr).length).toBeGreaterThanOrEqual(1);
    expect(clusters(en)).toEqual(clusters(fr));
    expect(all(/<Exercise id="([^"]+)"/g, fr)).toEqual(exercises);
    expect(all(/<Exercise id="([^"]+)"/g, en)).toEqual(exercises);
    const terms = (s: string, prefix: string) =>
      [...new Set(all(new RegExp(`\\]\\(${prefix}/glossaire/#([a-z-]+)\\)`, 'g'), s))].sort();
    expect(terms(fr, '').length).toBeGreaterThan(0);
    expect(terms(en, '/en')).toEqual(terms(fr, ''));
    expect(en).not.toMatch(/\]\(\/glossaire\//);
    expect(en).not.toMatch(/\]\(\/cours\//);
  });

  it('ends with a recap', () => {
    expect(fr).toMatch(/^## À retenir$/m);
    expect(en).toMatch(/^## Key takeaways$/m);
  });

  it('follows French typography (no-break space before ; : ! ? and inside « »)', () => {
    const bad: string[] = [];
    for (const line of frenchProse(fr)) {
      if (/ [;:!?»]/.test(line) || /« /.test(line) || /[^\s\u00a0\u202f]»/.test(line) || /«[^\s\u00a0\u202f]/.test(line)) bad.push(line);
      if (/\p{L}'\p{L}/u.test(line)) bad.push(line);
    }
    expect(bad).toEqual([]);
  });
});
