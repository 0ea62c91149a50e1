/**
 * Internal URLs of the site (pure; unit-tested): the one way to write a link in an Astro file. Every URL goes
 * through `withBase`, so the site works under a sub-path (`BASE_PATH=/quorum-lab/ npm run build`, read by
 * astro.config.mjs into Astro's `base`). Lesson slugs look like `03-quorum`.
 */
export type DeckLocale = 'fr' | 'en';

/** The base path without its trailing slash: '' at the root, '/quorum-lab' under a sub-path. */
export const BASE: string = (import.meta.env?.BASE_URL ?? '/').replace(/\/+$/, '');

/** A root-relative path with the site's base in front: `withBase('/labo/')` is `/quorum-lab/labo/` under a sub-path. */
export function withBase(path: string, base: string = BASE): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  if (base && (path === base || path.startsWith(`${base}/`))) return path;
  return `${base}${path}`;
}

/** A page of one locale: `localeHref('en', '/labo/')` is `/en/labo/` (with the base). */
export function localeHref(locale: DeckLocale, path: string): string {
  return withBase(`${locale === 'en' ? '/en' : ''}${path}`);
}

/** A URL path without the site's base (to read the locale from `/quorum-lab/en/…`). */
export function stripBase(pathname: string, base: string = BASE): string {
  if (base && (pathname === base || pathname.startsWith(`${base}/`))) return pathname.slice(base.length) || '/';
  return pathname;
}

/** `/cours/03-quorum/` or `/en/cours/03-quorum/`. */
export function lessonHref(locale: DeckLocale, slug: string): string {
  return localeHref(locale, `/cours/${slug}/`);
}

/** `/slides/03-quorum/`, `/en/slides/03-quorum/`; `cours` is the whole-course deck. */
export function deckHref(locale: DeckLocale, slug: string): string {
  return localeHref(locale, `/slides/${slug}/`);
}

/** The list of decks: `/slides/`, `/en/slides/`. */
export function decksHref(locale: DeckLocale): string {
  return localeHref(locale, '/slides/');
}

/** The print (PDF) view of a deck: reveal.js print mode. */
export function printHref(locale: DeckLocale, slug: string): string {
  return `${deckHref(locale, slug)}?print-pdf`;
}

/** Split speaker notes into paragraphs (blank lines separate them); empty notes give none. */
export function noteParagraphs(notes: string | undefined): string[] {
  return (notes ?? '').split(/\n\s*\n/).map((p) => p.trim().replace(/\s+/g, ' ')).filter(Boolean);
}
