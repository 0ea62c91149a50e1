// What every page of the site must be, checked the same way wherever a test opens one (site.spec.ts for the
// pages at large, lessons.spec.ts for each lesson, slides.spec.ts for each deck): no console error, no uncaught
// exception, no failed request, no request to another host, the right <html lang>, and (on request) no
// serious axe violation in the light theme and no contrast failure in the dark one.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { axeViolations, pauseClusters } from './axe';

export type Locale = 'fr' | 'en';
export const localeOf = (path: string): Locale => (/^\/en(\/|$)/.test(path) ? 'en' : 'fr');

/**
 * Every page of the build (the folder `playwright.config.ts` serves, DIST_DIR or dist/), as site paths, sorted;
 * [] when there is no build yet (the tests that use it then fail on an empty list). The root 404.html is left
 * out (it carries both languages on purpose: it shows the one of the missing address), and so are Astro's
 * redirect stubs (old URLs of renumbered lessons, reached by old links and bookmarks, not from the site) unless
 * `redirects` is set.
 */
export function builtPages(opts: { redirects?: boolean } = {}): string[] {
  const dist = process.env.DIST_DIR ?? 'dist';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' ? [] : walk(path);
      return name.endsWith('.html') ? [path] : [];
    });
  try {
    return walk(dist)
      .filter((f) => opts.redirects || !/<meta http-equiv="refresh"/.test(readFileSync(f, 'utf8').slice(0, 2000)))
      .map((f) => '/' + relative(dist, f).split('\\').join('/'))
      .filter((p) => p !== '/404.html')
      .map((p) => p.replace(/index\.html$/, ''))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Start listening on `page` (before it navigates); the returned list fills with what goes wrong, each problem
 * prefixed with the page it happened on. With `base` (a site served under a sub-path), a request to this host
 * outside the base is a problem too.
 */
export function watchPage(page: Page, opts: { base?: string } = {}): string[] {
  const problems: string[] = [];
  const add = (what: string) => problems.push(`${new URL(page.url()).pathname}: ${what}`);
  page.on('console', (m) => {
    if (m.type() === 'error') add(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => add(`uncaught exception: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!/^(https?|wss?):$/.test(url.protocol)) return;
    if (url.hostname !== '127.0.0.1') add(`request to another host: ${r.url()}`);
    else if (opts.base !== undefined && /^https?:$/.test(url.protocol) && !url.pathname.startsWith(opts.base)) add(`request outside the base: ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // A request still running when the test ends is aborted: that is not the site's fault.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') add(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) add(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/**
 * Scroll through the page, so that its `client:visible` islands wake up, then back to the top. A page that has
 * not scrolled through within 20 s fails at once, with the stack of the script its main thread is running (or
 * word that it runs none, frames having stopped) and its state as its scripts see it (`state`), instead of
 * hanging until the test's own timeout. The debugger is attached before scrolling: a page busy in a script
 * answers a pause, not an attach.
 */
export async function scrollThrough(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Debugger.enable');
  try {
    const scrolled = page.evaluate(async () => {
      // What a stall report reads (state()): how far the loop went, its last frame, and the page's long tasks.
      const rec = { y: 0, frames: 0, lastFrame: 0, long: [] as number[] };
      (window as unknown as { __qlScroll: typeof rec }).__qlScroll = rec;
      try {
        new PerformanceObserver((l) => l.getEntries().forEach((e) => rec.long.push(Math.round(e.duration)))).observe({ type: 'longtask' });
      } catch {
        /* no long-task timing in this browser */
      }
      for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
        rec.y = y;
        window.scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        rec.frames++;
        rec.lastFrame = performance.now();
      }
      window.scrollTo(0, 0);
    });
    if ((await orAfter<void | 'late'>(scrolled, 20_000, 'late')) !== 'late') return;
    scrolled.catch(() => {}); // settles (or fails) after the test has moved on
    const running = await mainThread(cdp);
    // A pause asked of a page running no script waits for its next one, which would be state()'s: drop it first
    // (2 s at most: a page busy in a script answers no command).
    if (!running.startsWith('script running')) await orAfter(cdp.send('Debugger.disable').catch(() => {}), 2000, undefined);
    throw new Error(`scrolling through ${new URL(page.url()).pathname} took over 20 s: ${running}; ${await state(page)}; ${await forcedFrame(cdp)}`);
  } finally {
    cdp.detach().catch(() => {});
  }
}

/** A stalled page's state, as its scripts see it (3 s at most): whether it is visible and focused, where the
 *  scroll loop stopped, how long ago its last frame was, whether a frame and a timer still come, and the long
 *  tasks it ran. Tells a page busy in scripts from one that stopped drawing frames (hidden, or not given any). */
async function state(page: Page): Promise<string> {
  const look = page.evaluate(async () => {
    const rec = (window as unknown as { __qlScroll?: { y: number; frames: number; lastFrame: number; long: number[] } }).__qlScroll;
    const within = (f: (done: () => void) => void) =>
      new Promise<boolean>((r) => {
        f(() => r(true));
        setTimeout(() => r(false), 1000);
      });
    const frame = await within((done) => requestAnimationFrame(() => done()));
    const timer = await within((done) => setTimeout(done, 10));
    const long = rec?.long ?? [];
    return [
      `page ${document.visibilityState}${document.hasFocus() ? ', focused' : ', not focused'}`,
      rec ? `scroll loop at y ${rec.y} of ${document.body.scrollHeight} after ${rec.frames} frames, last frame ${rec.lastFrame ? Math.round(performance.now() - rec.lastFrame) + ' ms ago' : 'never'}` : 'no scroll loop',
      `a frame within 1 s: ${frame}, a timer within 1 s: ${timer}`,
      `${long.length} long tasks (${long.reduce((a, b) => a + b, 0)} ms, longest ${Math.max(0, ...long)} ms)`,
    ].join('; ');
  });
  try {
    return await orAfter(look, 3000, 'its scripts did not answer within 3 s');
  } catch (e) {
    return `could not read its state (${(e as Error).message})`;
  } finally {
    look.catch(() => {});
  }
}

/** What the page's main thread is running: a stack of its script, or word that it runs none. 5 s at most. */
async function mainThread(cdp: CDPSession): Promise<string> {
  const paused = new Promise<string>((r) =>
    cdp.once('Debugger.paused', (e) =>
      r('script running: ' + e.callFrames.slice(0, 12).map((f) => `${f.functionName || '(anonymous)'} (${f.url.split('/').pop()}:${f.location.lineNumber + 1}:${(f.location.columnNumber ?? 0) + 1})`).join(' < ')),
    ),
  );
  try {
    await cdp.send('Debugger.pause');
    return await orAfter(paused, 5000, 'no script running within 5 s of a pause: the page stopped drawing frames, or is busy outside scripts');
  } catch (e) {
    return `could not look (${(e as Error).message})`;
  } finally {
    cdp.send('Debugger.resume').catch(() => {});
  }
}

/** Whether the browser still draws a frame when asked for one (a screenshot, 3 s at most): tells a page whose
 *  compositor is stuck (no frame at all) from one whose animation frames alone stopped coming. */
async function forcedFrame(cdp: CDPSession): Promise<string> {
  const shot = cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 10 }).then(
    (r) => `a frame drawn on demand (screenshot, ${r.data.length} bytes)`,
    (e: Error) => `no frame on demand (${e.message})`,
  );
  return orAfter(shot, 3000, 'no frame on demand within 3 s (the compositor is stuck)');
}

/** What `p` settles to, or `late` if it has not within `ms` (the timer is cleared either way). */
async function orAfter<T>(p: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<T>((r) => (timer = setTimeout(() => r(late), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The checks of an open page: its language, then accessibility (every rule in the light theme; colour contrast
 * in the dark theme too, on French pages: the English ones share their components and styles). Live clusters
 * are paused first, so that axe reads a still page. Returns the problems found, `watched` included. A page with
 * one theme only (a deck: light, high contrast, for a projector) passes `themes: 'light'`.
 */
export async function checkOpenPage(page: Page, locale: Locale, watched: string[], opts: { themes?: 'both' | 'light' } = {}): Promise<string[]> {
  const problems = [...watched];
  const lang = await page.locator('html').getAttribute('lang');
  if (lang !== locale) problems.push(`<html lang="${lang}">, expected "${locale}"`);
  await pauseClusters(page);
  const before = await page.evaluate(() => document.documentElement.dataset.theme ?? '');
  for (const theme of locale === 'fr' && opts.themes !== 'light' ? (['light', 'dark'] as const) : (['light'] as const)) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const found = await axeViolations(page, theme === 'light' ? {} : { rules: ['color-contrast'] });
    problems.push(...found.map((v) => `axe (${theme} theme) ${v}`));
  }
  await page.evaluate((t) => (document.documentElement.dataset.theme = t), before);
  return problems;
}
