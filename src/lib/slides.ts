/**
 * Slides live under `src/pages/slides/` and `src/pages/en/slides/` (the slides work). Until a slides page
 * exists, the site shows no slides link, so no link ever points at a page that is not built.
 */
const slidePages = Object.keys(import.meta.glob('/src/pages/**/slides/**/*.{astro,md,mdx,ts,js}'));

export const hasSlides: boolean = slidePages.length > 0;

/** `/slides/03-quorum/` or `/en/slides/03-quorum/`. */
export function slidesHref(locale: 'fr' | 'en', lesson: string): string {
  return `${locale === 'en' ? '/en' : ''}/slides/${lesson}/`;
}

/** The list of decks (`/slides/`, `/en/slides/`) when it exists, else the first lesson's deck. */
export function slidesIndexHref(locale: 'fr' | 'en', firstLesson: string): string {
  const prefix = locale === 'en' ? '/en' : '';
  return slidePages.includes(`/src/pages${prefix}/slides/index.astro`) ? `${prefix}/slides/` : slidesHref(locale, firstLesson);
}
