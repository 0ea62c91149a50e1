// A widget on a reveal.js slide (a lesson's deck, src/layouts/Deck.astro): which slide holds it, and whether that
// slide is the one the room sees. reveal.js keeps the slides near the present one laid out (opacity 0, the
// `hidden` attribute), so for an IntersectionObserver they are on screen: a live cluster on the next slide would
// hydrate with the deck and play its scenario unseen. The hydration directive (client:slide, ./directive.ts) and
// the cluster widget's pause both ask here.

/** The deck slide (`<section data-slide>`, src/components/Slide.astro) that holds `el`; null outside a deck. */
export function deckSlideOf(el: Element): HTMLElement | null {
  return el.closest<HTMLElement>('section[data-slide]');
}

/** Whether `slide` is reveal.js's present slide. */
export function isPresent(slide: Element): boolean {
  return slide.classList.contains('present');
}

/**
 * Call `fn` with whether `slide` is the present slide, now and whenever that changes (reveal.js moves the
 * `present` class from slide to slide). Returns the function that stops watching.
 */
export function watchPresent(slide: Element, fn: (present: boolean) => void): () => void {
  let last = isPresent(slide);
  fn(last);
  const mo = new MutationObserver(() => {
    const now = isPresent(slide);
    if (now === last) return;
    last = now;
    fn(now);
  });
  mo.observe(slide, { attributes: true, attributeFilter: ['class'] });
  return () => mo.disconnect();
}
