/** URLs of lessons and decks (pure; unit-tested). Lesson slugs look like `03-quorum`. */
export type DeckLocale = 'fr' | 'en';

const prefix = (locale: DeckLocale) => (locale === 'en' ? '/en' : '');

/** `/cours/03-quorum/` or `/en/cours/03-quorum/`. */
export function lessonHref(locale: DeckLocale, slug: string): string {
  return `${prefix(locale)}/cours/${slug}/`;
}

/** `/slides/03-quorum/`, `/en/slides/03-quorum/`; `cours` is the whole-course deck. */
export function deckHref(locale: DeckLocale, slug: string): string {
  return `${prefix(locale)}/slides/${slug}/`;
}

/** The print (PDF) view of a deck: reveal.js print mode. */
export function printHref(locale: DeckLocale, slug: string): string {
  return `${deckHref(locale, slug)}?print-pdf`;
}

/** Split speaker notes into paragraphs (blank lines separate them); empty notes give none. */
export function noteParagraphs(notes: string | undefined): string[] {
  return (notes ?? '').split(/\n\s*\n/).map((p) => p.trim().replace(/\s+/g, ' ')).filter(Boolean);
}
