// The site built for a sub-path (`BASE_PATH=/quorum-lab/ npm run build`), as a teacher would host it at
// https://school.example/quorum-lab/. Run by playwright.subpath.config.ts against that build (npm run test:subpath):
// 1. A crawl from the base opens every page in Chromium: every internal link, asset and island stays under the
//    base and answers, no console error (a CSP violation is one), no request outside the base.
// 2. Search finds results and leads to a page under the base; a deck opens; a share link round-trips; the
//    service worker registers with the sub-path as its scope; the 404 page speaks the address's language.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scrollThrough, watchPage } from './helpers/page-check';

const BASE = (process.env.E2E_BASE_PATH ?? '/quorum-lab/').replace(/\/?$/, '/');
const LONG = { timeout: 30_000 };
/** Paths the crawl opens as pages (the rest, e.g. images, only has to answer 200). */
const isPage = (path: string) => path.endsWith('/') || !/\.[a-z0-9]+$/i.test(path);

test.describe('under a sub-path', () => {
  // The crawl opens every page: the service worker would precache the whole site meanwhile; it has its own test.
  test.describe(() => {
    test.use({ serviceWorkers: 'block' });
    test('every page, link and asset resolves under the base, with no console error', async ({ page, request }) => {
      test.setTimeout(300_000);
      const problems = watchPage(page, { base: BASE });
      const queue = [BASE, `${BASE}en/`];
      const seen = new Set<string>();
      const files = new Map<string, string>();
      while (queue.length > 0) {
        const path = queue.shift()!;
        if (seen.has(path)) continue;
        seen.add(path);
        const res = await page.goto(path);
        if (res?.status() !== 200) {
          problems.push(`${path} answers ${res?.status()}`);
          continue;
        }
        // Wake the islands up (client:visible) so that their scripts load too.
        await scrollThrough(page);
        const refs = await page.evaluate(() => [
          ...[...document.querySelectorAll('a[href]')].map((a) => ({ kind: 'link', raw: a.getAttribute('href')!, url: (a as HTMLAnchorElement).href })),
          ...[...document.querySelectorAll('link[href]')].map((l) => ({ kind: 'asset', raw: l.getAttribute('href')!, url: (l as HTMLLinkElement).href })),
          ...[...document.querySelectorAll('script[src], img[src]')].map((s) => ({ kind: 'asset', raw: s.getAttribute('src')!, url: (s as HTMLScriptElement).src })),
          ...[...document.querySelectorAll('astro-island')].flatMap((i) => ['component-url', 'renderer-url'].map((a) => ({ kind: 'asset', raw: i.getAttribute(a) ?? '', url: new URL(i.getAttribute(a) ?? '', location.href).href }))),
        ]);
        for (const { kind, raw, url: href } of refs) {
          const url = new URL(href);
          if (url.origin !== new URL(page.url()).origin || !/^https?:$/.test(url.protocol)) continue; // another site
          if (!url.pathname.startsWith(BASE)) {
            problems.push(`${path}: ${kind} outside the base: ${raw}`);
            continue;
          }
          if (kind === 'link' && isPage(url.pathname)) {
            if (!seen.has(url.pathname) && !queue.includes(url.pathname)) queue.push(url.pathname);
          } else if (!files.has(url.pathname)) files.set(url.pathname, path);
        }
      }
      for (const [file, from] of files) {
        const res = await request.get(file);
        if (res.status() !== 200) problems.push(`${from}: ${file} answers ${res.status()}`);
      }
      console.log(`sub-path crawl: ${seen.size} pages, ${files.size} other files`);
      expect(seen.size, 'pages crawled').toBeGreaterThan(40);
      expect(problems).toEqual([]);
    });
  });

  test('redirect pages (renamed lessons) lead to a page under the base', async ({ page }) => {
    const dist = process.env.DIST_DIR ?? 'dist-subpath';
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n === 'index.html' ? [join(dir, n)] : []));
    const redirects = walk(dist)
      .map((f) => ({ f, to: /<meta http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(readFileSync(f, 'utf8'))?.[1] }))
      .filter((r) => r.to !== undefined);
    expect(redirects.filter((r) => !r.to!.startsWith(BASE)).map((r) => `${r.f} → ${r.to}`)).toEqual([]);
    if (redirects.length > 0) {
      const from = `${BASE}${redirects[0].f.slice(dist.length + 1).replace(/index\.html$/, '')}`;
      await page.goto(from);
      await expect(page).toHaveURL(new RegExp(`^[a-z]+://[^/]+${redirects[0].to!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
  });

  test('search finds pages and leads to one under the base', async ({ page }) => {
    const problems = watchPage(page, { base: BASE });
    await page.goto(`${BASE}en/glossaire/`);
    await page.locator('button[data-open-modal]').click();
    const input = page.locator('dialog[open] input');
    await expect(input).toBeVisible(LONG);
    await input.fill('quorum');
    const results = page.locator('dialog[open] .pagefind-ui__result-link');
    await expect(results.first()).toBeVisible(LONG);
    const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => !h.startsWith(`${BASE}en/`))).toEqual([]);
    await results.first().click();
    await expect(page).toHaveURL(new RegExp(`^[a-z]+://[^/]+${BASE}en/`));
    await expect(page.locator('h1')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('a deck opens, with the site links under the base', async ({ page }) => {
    const problems = watchPage(page, { base: BASE });
    await page.goto(`${BASE}slides/03-quorum/`);
    await expect(page.locator('html')).toHaveAttribute('data-deck-ready', 'true', LONG);
    expect(await page.locator('.reveal .slides > section').count()).toBeGreaterThan(2);
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/1$/);
    await expect(page.getByTestId('deck-back')).toHaveAttribute('href', `${BASE}cours/03-quorum/`);
    expect(problems).toEqual([]);
  });

  test('a share link round-trips under the base', async ({ page, context }) => {
    const problems = watchPage(page, { base: BASE });
    await page.goto(`${BASE}labo/`);
    const w = page.locator('.cluster[data-hydrated="true"]');
    await expect(w).toBeVisible(LONG);
    await w.getByTestId('play').click(); // pause, so that both pages show the same instant
    await w.getByTestId('copy-link').click();
    const url = await w.getByTestId('share-url').inputValue();
    expect(new URL(url).pathname).toBe(`${BASE}labo/`);
    expect(new URL(url).searchParams.get('c')).toMatch(/^[zj][A-Za-z0-9_-]+$/);
    const clock = await w.getByTestId('clock').innerText();
    const p2 = await context.newPage();
    const problems2 = watchPage(p2, { base: BASE });
    await p2.goto(url);
    const w2 = p2.locator('.cluster[data-hydrated="true"]');
    await expect(w2.getByTestId('clock')).toHaveText(clock, LONG);
    expect([...problems, ...problems2]).toEqual([]);
  });

  test('the service worker registers with the sub-path as its scope and precaches under it', async ({ page }) => {
    await page.goto(`${BASE}cours/01-etcd/`);
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return { scope: reg.scope, script: reg.active?.scriptURL ?? '' };
    });
    const origin = new URL(page.url()).origin;
    expect(sw.scope).toBe(`${origin}${BASE}`);
    expect(sw.script).toBe(`${origin}${BASE}sw.js`);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith('quorum-lab-'))!);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached.length).toBeGreaterThan(40);
    expect(cached.filter((p) => !p.startsWith(BASE))).toEqual([]);
  });

  test('a missing page under /en/ shows the English 404 with links under the base', async ({ page }) => {
    const res = await page.goto(`${BASE}en/no-such-page/`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const home = page.locator('[data-not-found="en"] a.primary');
    await expect(home).toBeVisible();
    await expect(home).toHaveAttribute('href', `${BASE}en/`);
  });
});
