/**
 * Slides are added by a later piece of work under `src/pages/**\/slides/`. Until a slides page exists,
 * the site shows no slides link, so no link ever points at a page that is not built.
 */
const slidePages = import.meta.glob('/src/pages/**/slides/**/*.{astro,md,mdx,ts,js}');

export const hasSlides: boolean = Object.keys(slidePages).length > 0;

/** `/slides/03-quorum/` or `/en/slides/03-quorum/`. */
export function slidesHref(locale: 'fr' | 'en', lesson: string): string {
  return `${locale === 'en' ? '/en' : ''}/slides/${lesson}/`;
}
