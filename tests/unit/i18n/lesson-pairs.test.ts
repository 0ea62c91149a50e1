// The build-time content check: every page in both locales, lessons with complete frontmatter.
import { describe, expect, it } from 'vitest';
import { checkDocsTree, isLesson, lessonSlug, lessonsOf, readingMinutes, splitLocale, type EntryLike } from '../../../src/lib/lessons';

const lesson = (id: string, order: number, extra: Partial<EntryLike['data']> = {}): EntryLike => ({
  id,
  data: { order, minutes: 5, objectives: ['x'], ...extra },
});
const page = (id: string): EntryLike => ({ id, data: {} });
const good = [
  page('index'), page('en'), page('glossaire'), page('en/glossaire'),
  lesson('cours/01-etcd', 1), lesson('en/cours/01-etcd', 1),
  lesson('cours/03-quorum', 3), lesson('en/cours/03-quorum', 3),
];

describe('checkDocsTree', () => {
  it('accepts a tree where every page has its counterpart', () => {
    expect(checkDocsTree(good)).toEqual([]);
  });

  it('names a French lesson with no English counterpart, and the file to create', () => {
    const problems = checkDocsTree([...good, lesson('cours/05-trois-noeuds', 5)]);
    expect(problems).toEqual([
      'src/content/docs/cours/05-trois-noeuds.md(x) has no English counterpart: create src/content/docs/en/cours/05-trois-noeuds.md(x).',
    ]);
  });

  it('names an English page with no French counterpart', () => {
    const problems = checkDocsTree([...good, page('en/labo')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/en\/labo\.md\(x\) has no French counterpart: create src\/content\/docs\/labo\.md\(x\)/);
  });

  it('requires order, minutes and objectives on lessons', () => {
    const bare = { id: 'cours/02-haute-disponibilite', data: {} };
    const problems = checkDocsTree([...good, bare, { ...bare, id: 'en/cours/02-haute-disponibilite' }]);
    expect(problems.filter((p) => p.startsWith('src/content/docs/cours/02'))).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/needs `order`/);
    expect(problems.join('\n')).toMatch(/needs `minutes`/);
    expect(problems.join('\n')).toMatch(/needs `objectives`/);
  });

  it('requires order to match the file number, so the sidebar follows the course order', () => {
    const problems = checkDocsTree([...good.slice(0, 6), lesson('cours/03-quorum', 4), lesson('en/cours/03-quorum', 3)]);
    expect(problems).toEqual([
      "src/content/docs/cours/03-quorum.md(x): `order: 4` does not match the file name's number 3.",
    ]);
  });
});

describe('lesson helpers', () => {
  it('split ids by locale', () => {
    expect(splitLocale('en/cours/03-quorum')).toEqual({ locale: 'en', path: 'cours/03-quorum' });
    expect(splitLocale('cours/03-quorum')).toEqual({ locale: 'fr', path: 'cours/03-quorum' });
    expect(splitLocale('en')).toEqual({ locale: 'en', path: '' });
    expect(splitLocale('index')).toEqual({ locale: 'fr', path: '' });
    // a French page whose name starts with "en" is still French
    expect(splitLocale('enjeux')).toEqual({ locale: 'fr', path: 'enjeux' });
  });

  it('recognise lessons and their slug', () => {
    expect(isLesson(lesson('en/cours/03-quorum', 3))).toBe(true);
    expect(isLesson(page('cours/03-quorum'))).toBe(false);
    expect(isLesson(lesson('glossaire', 1))).toBe(false);
    expect(lessonSlug('en/cours/03-quorum')).toBe('03-quorum');
  });

  it('sort one locale’s lessons by order', () => {
    const list = [lesson('cours/03-quorum', 3), lesson('en/cours/01-etcd', 1), lesson('cours/01-etcd', 1)];
    expect(lessonsOf(list, 'fr').map((e) => e.id)).toEqual(['cours/01-etcd', 'cours/03-quorum']);
  });

  it('compute a reading time when minutes are missing', () => {
    expect(readingMinutes(7, 'whatever')).toBe(7);
    expect(readingMinutes(undefined, 'mot '.repeat(1000))).toBe(5);
    expect(readingMinutes(undefined, '')).toBe(1);
  });
});
