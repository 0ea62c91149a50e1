// `client:slide`, the hydration of a live widget on a deck's slide (registered in astro.config.mjs; lesson pages
// keep `client:visible`). The island's code loads and hydrates when its slide is shown: a cluster starts its
// scenario when the room sees it, not while the instructor is still on the slides before (issue 17: a deck whose
// second slide held a cluster spent ~240 ms of a phone's start hydrating it, unseen, and its scenario had run for
// seconds when the slide came). Loading the code earlier, while the slide before is shown, was tried: on a phone
// its modules' evaluation is three more long tasks at the deck's start.
import { deckSlideOf, isPresent, watchPresent } from './slide';

/** Astro's ClientDirective shape (the type lives in the `astro` package, which widgets do not import). */
type Directive = (load: () => Promise<() => Promise<void>>, options: unknown, el: HTMLElement) => void;

const slide: Directive = (load, _options, el) => {
  const section = deckSlideOf(el);
  // A printed deck (?print-pdf) replaces its islands by static figures: a removed island stays unhydrated.
  const hydrate = () => void load().then((h) => (el.isConnected ? h() : undefined));
  // Not on a slide (a widget outside any <Slide>), or on the slide shown: at once, as client:load does.
  if (section === null || isPresent(section)) return hydrate();
  const stop = watchPresent(section, (present) => {
    if (!present) return;
    stop();
    hydrate();
  });
};
export default slide;
