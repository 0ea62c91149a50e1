// Quorum Lab service worker (generated at build time by integrations/security.mjs from integrations/sw-template.js).
// Precaches the built pages and assets on install, so the course works offline after a first visit.
// Hashed assets (/_astro/…): cache first. Pages and other files: network first, the cache when offline.
// Versioned by the content of the build: a new build installs a new cache and deletes the old ones.
const VERSION = '__VERSION__';
// The site's base path ('' at the root, '/quorum-lab' under a sub-path): the worker's scope is BASE + '/'.
const BASE = '__BASE__';
const CACHE = `quorum-lab-${VERSION}`;
const PRECACHE = [/*__PRECACHE__*/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One by one, in small batches: a single missing file must not abort the whole install.
      for (let i = 0; i < PRECACHE.length; i += 8) {
        await Promise.all(PRECACHE.slice(i, i + 8).map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => undefined)));
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('quorum-lab-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

/**
 * The cached copy of a request: exact, then without the query (?c= share links), then with a trailing slash.
 * ignoreVary: module scripts are fetched with an Origin header, the precache without one; a server answering
 * `Vary: Origin` would otherwise make every cached script miss offline.
 */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit = (await cache.match(request, { ignoreVary: true })) ?? (await cache.match(request, { ignoreSearch: true, ignoreVary: true }));
  if (hit) return hit;
  const url = new URL(request.url);
  if (!url.pathname.endsWith('/') && !/\.[a-z0-9]+$/i.test(url.pathname)) {
    return cache.match(url.pathname + '/', { ignoreSearch: true, ignoreVary: true });
  }
  return undefined;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const cache = await caches.open(CACHE);
      cache.put(request, response.clone()).catch(() => undefined);
    }
    return response;
  } catch (error) {
    const hit = await fromCache(request);
    if (hit) return hit;
    if (request.mode === 'navigate') {
      const notFound = await fromCache(new Request(`${BASE}/404.html`));
      if (notFound) return notFound;
    }
    throw error;
  }
}

async function cacheFirst(request) {
  const hit = await fromCache(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    cache.put(request, response.clone()).catch(() => undefined);
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(`${BASE}/_astro/`) || url.pathname.startsWith(`${BASE}/pagefind/`)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
