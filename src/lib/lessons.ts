/**
 * Lessons and locale trees: pure helpers shared by the content loader (build-time checks),
 * the course map and the lesson header. No Astro import here, so unit tests can load it.
 *
 * Docs entry ids look like `cours/03-quorum` (French, root locale) and `en/cours/03-quorum` (English).
 */

/** Locale prefixes of non-default locales in the docs collection (the root locale has none). */
export const secondaryLocales = ['en'] as const;

export interface EntryLike {
  id: string;
  data: { order?: number; minutes?: number; objectives?: string[]; title?: string };
}

/** `en/cours/03-quorum` → `{ locale: 'en', path: 'cours/03-quorum' }`; root ids get `fr`. */
export function splitLocale(id: string): { locale: 'fr' | 'en'; path: string } {
  for (const loc of secondaryLocales) {
    if (id === loc) return { locale: loc, path: '' };
    if (id.startsWith(`${loc}/`)) return { locale: loc, path: id.slice(loc.length + 1) };
  }
  return { locale: 'fr', path: id === 'index' ? '' : id };
}

/** True for an id in a lesson tree (`cours/…` or `en/cours/…`). */
export function isLessonId(id: string): boolean {
  return /^cours\/[^/]+$/.test(splitLocale(id).path);
}

/** The lesson's slug (`03-quorum`), the same in both locales; used for slides and progress. */
export function lessonSlug(id: string): string {
  return splitLocale(id).path.replace(/^cours\//, '');
}

/** A lesson is a page of a lesson tree that carries an `order`. */
export function isLesson(entry: EntryLike): boolean {
  return isLessonId(entry.id) && typeof entry.data.order === 'number';
}

/** Lessons of one locale, sorted by `order` then id. */
export function lessonsOf<E extends EntryLike>(entries: readonly E[], locale: 'fr' | 'en'): E[] {
  return entries
    .filter((e) => isLesson(e) && splitLocale(e.id).locale === locale)
    .sort((a, b) => (a.data.order ?? 0) - (b.data.order ?? 0) || a.id.localeCompare(b.id));
}

/** Reading time: the frontmatter's `minutes`, else about 200 words a minute of the body. */
export function readingMinutes(minutes: number | undefined, body: string | undefined): number {
  if (minutes) return minutes;
  const words = (body ?? '').split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 200));
}

/**
 * Build-time checks on the whole docs collection. Returns one message per problem (empty when fine):
 * - every page exists in both locales, path for path (`cours/03-quorum` ⇔ `en/cours/03-quorum`);
 * - every page of a lesson tree has `order`, `minutes` and at least one objective;
 * - `order` matches the file name's number (`03-quorum` ⇒ 3), so the sidebar (sorted by file name)
 *   and the pagination follow the course order, and both locales agree.
 */
export function checkDocsTree(entries: readonly EntryLike[]): string[] {
  const problems: string[] = [];
  const byLocale = new Map<string, Set<string>>([['fr', new Set()]]);
  for (const loc of secondaryLocales) byLocale.set(loc, new Set());
  for (const e of entries) byLocale.get(splitLocale(e.id).locale)!.add(splitLocale(e.id).path);

  const fileOf = (locale: string, path: string) =>
    `src/content/docs/${locale === 'fr' ? '' : `${locale}/`}${path || 'index'}.md(x)`;
  for (const [locale, paths] of byLocale) {
    for (const path of [...paths].sort()) {
      for (const [other, otherPaths] of byLocale) {
        if (other !== locale && !otherPaths.has(path)) {
          problems.push(
            `${fileOf(locale, path)} has no ${other === 'fr' ? 'French' : 'English'} counterpart: create ${fileOf(other, path)}.`,
          );
        }
      }
    }
  }

  for (const e of entries) {
    if (!isLessonId(e.id)) continue;
    const where = fileOf(splitLocale(e.id).locale, splitLocale(e.id).path);
    const { order, minutes, objectives } = e.data;
    if (typeof order !== 'number') problems.push(`${where}: a lesson needs \`order\` (a positive integer) in its frontmatter.`);
    if (typeof minutes !== 'number') problems.push(`${where}: a lesson needs \`minutes\` (estimated reading time) in its frontmatter.`);
    if (!objectives || objectives.length === 0) problems.push(`${where}: a lesson needs \`objectives\` (a non-empty list) in its frontmatter.`);
    const num = /^(\d+)-/.exec(lessonSlug(e.id));
    if (!num) problems.push(`${where}: a lesson file name starts with its number, e.g. 03-quorum.mdx.`);
    else if (typeof order === 'number' && Number(num[1]) !== order) {
      problems.push(`${where}: \`order: ${order}\` does not match the file name's number ${Number(num[1])}.`);
    }
  }
  return problems;
}
