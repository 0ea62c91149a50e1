// `client:bridge`, the lab's real-cluster island's hydration (registered in astro.config.mjs). The island shows
// nothing unless the page was opened by `npm run lab:etcd`, with the bridge's token in the URL fragment: without
// one, its code is never loaded (about 5 KB gzip off the lab's start, issue 17). The token check is the island's
// own (bridgeFromLocation); a token added later to the fragment still loads it.
import { bridgeFromLocation } from '../../bridge/protocol';

/** Astro's ClientDirective shape (the type lives in the `astro` package, which widgets do not import). */
type Directive = (load: () => Promise<() => Promise<void>>, options: unknown, el: HTMLElement) => void;

const bridge: Directive = (load) => {
  const tryLoad = (): void => {
    if (!bridgeFromLocation(location)) return;
    removeEventListener('hashchange', tryLoad);
    // `load` fetches the island's code and gives back its hydration, which runs next (as client:load does).
    void load().then((hydrate) => hydrate());
  };
  addEventListener('hashchange', tryLoad);
  tryLoad();
};
export default bridge;
