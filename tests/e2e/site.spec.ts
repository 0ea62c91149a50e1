// The site shell, end to end on the built site.
// 1. A crawl from `/` and `/en/` follows every internal link over HTTP: every link and #anchor resolves, every
//    built page is reachable, and the lessons' previous/next follow the course map.
// 2. Every built page, one test each, opened in Chromium: no console error, no failed request, no request off
//    127.0.0.1, the right <html lang>, no serious or critical axe violation (light and dark themes); the
//    lessons and decks get the same checks (helpers/page-check.ts) in lessons.spec.ts and slides.spec.ts.
// 3. The language switcher, search, the 404 page, printing and a phone-sized screen.
import { type Page } from '@playwright/test';
import { at, BASE, expect, test, unbase } from './helpers/base';
import { builtPages, checkOpenPage, localeOf, scrollThrough, watchPage } from './helpers/page-check';

/** Paths the crawl reads as pages (the rest, e.g. images, only has to answer 200). */
const isPage = (path: string) => path.endsWith('/') || path.endsWith('.html') || !/\.[a-z0-9]+$/i.test(path);
/** Fragments that name an element id (not `#/3`-style in-page routes of a slide deck). */
const isIdFragment = (hash: string) => /^#[A-Za-z_][\w-]*$/.test(hash);
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

const pages = builtPages();

test('crawl from / and /en/: every internal link and anchor resolves, every page is reachable, lessons are in order', async ({ request }) => {
  const seen = new Map<string, { ids: Set<string>; links: string[]; next: string | null; lessons: string[]; lesson: boolean }>();
  const queue = ['/', '/en/'];
  const problems: string[] = [];
  const fragments: { from: string; path: string; id: string }[] = [];
  const files = new Map<string, string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const res = await request.get(path);
    if (res.status() !== 200) {
      problems.push(`${path} answers ${res.status()}`);
      seen.set(path, { ids: new Set(), links: [], next: null, lessons: [], lesson: false });
      continue;
    }
    const html = await res.text();
    const links = [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)].map((m) => decode(m[1]));
    const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decode(m[1])));
    const rel = /<a href="([^"]+)" rel="next"/.exec(html)?.[1];
    const next = rel === undefined ? null : unbase(rel);
    const lessons = [...html.matchAll(/<li class="lesson\b[^"]*"[^>]*data-lesson="([^"]+)"/g)].map((m) => m[1]);
    seen.set(path, { ids, links, next, lessons, lesson: /class="lesson-meta\b/.test(html) });
    for (const href of links) {
      const url = new URL(href, `http://127.0.0.1${at(path)}`);
      if (url.host !== '127.0.0.1' || !/^https?:$/.test(url.protocol)) continue; // another site: not ours to check
      if (!url.pathname.startsWith(BASE)) {
        problems.push(`${path}: link to ${url.pathname}, outside the base ${BASE}`);
        continue;
      }
      const target = unbase(url.pathname);
      if (url.hash && isIdFragment(url.hash)) fragments.push({ from: path, path: target, id: url.hash.slice(1) });
      if (isPage(target)) {
        if (!seen.has(target) && !queue.includes(target)) queue.push(target);
      } else if (!files.has(target)) files.set(target, path);
    }
  }
  for (const [file, from] of files) {
    const res = await request.get(file);
    if (res.status() !== 200) problems.push(`${from}: link to ${file} answers ${res.status()}`);
  }
  for (const { from, path, id } of fragments) {
    const target = seen.get(path);
    if (target && target.links.length + target.ids.size > 0 && !target.ids.has(id)) {
      problems.push(`${from}: link to ${path}#${id}, but that page has no id="${id}"`);
    }
  }
  const unreachable = pages.filter((p) => !seen.has(p) && !p.endsWith('.html') && !p.endsWith('/404/'));
  if (unreachable.length > 0) problems.push(`built pages no link leads to: ${unreachable.join(', ')}`);
  for (const home of ['/', '/en/']) {
    const prefix = home === '/' ? '' : '/en';
    const lessons = seen.get(home)?.lessons.map((slug) => `${prefix}/cours/${slug}/`) ?? [];
    if (lessons.length === 0) problems.push(`${home}: the course map lists no lesson`);
    for (const [i, path] of lessons.entries()) {
      const v = seen.get(path);
      if (!v?.lesson) problems.push(`${path}: no lesson header (position, reading time)`);
      else if (i + 1 < lessons.length && v.next !== lessons[i + 1]) problems.push(`${path}: "next" goes to ${v.next}, expected ${lessons[i + 1]}`);
    }
  }
  console.log(`crawl: ${seen.size} pages, ${files.size} other files, ${fragments.length} anchors checked`);
  expect(pages.length, 'pages found in the build').toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

/** Open one page, scroll through it (so `client:visible` islands wake up), and list what is wrong. */
async function pageProblems(page: Page, path: string): Promise<string[]> {
  const watched = watchPage(page);
  const res = await page.goto(path);
  if (res?.status() !== 200) watched.push(`answers ${res?.status()}`);
  await scrollThrough(page);
  await page.waitForLoadState('networkidle');
  return checkOpenPage(page, localeOf(path), watched);
}

// Lessons and decks get the same checks where their own tests open them (lessons.spec.ts, slides.spec.ts).
const checkedElsewhere = (path: string) => /^(\/en)?\/(cours|slides)\/[^/]+\/$/.test(path);
for (const path of pages.filter((p) => !checkedElsewhere(p))) {
  test(`page ${path}: loads cleanly, in the right language, with no serious axe violation`, async ({ page }) => {
    test.setTimeout(120_000);
    expect(await pageProblems(page, path)).toEqual([]);
  });
}

test('the language switcher on a lesson lands on the same lesson in the other language', async ({ page }) => {
  await page.goto('/');
  const first = unbase((await page.locator('.course-map .lessons h3 a').first().getAttribute('href')) ?? '');
  expect(first).toMatch(/^\/cours\/[^/]+\/$/);
  const slug = first!.split('/')[2];
  await page.goto(first);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // Starlight's switcher is a custom element: a choice made before its script defines it goes nowhere.
  const chooseLanguage = async (label: string) => {
    await page.waitForFunction(() => customElements.get('starlight-lang-select') !== undefined);
    await page.locator('header starlight-lang-select select').selectOption({ label });
  };
  await chooseLanguage('English');
  // Anchored on the origin: the French pattern below must not match the English URL still showing.
  await expect(page).toHaveURL(new RegExp(`^[a-z]+://[^/]+${at(`/en/cours/${slug}/`)}$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.lesson-meta')).toContainText('min read');

  await chooseLanguage('Français');
  await expect(page).toHaveURL(new RegExp(`^[a-z]+://[^/]+${at(`/cours/${slug}/`)}$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('.lesson-meta')).toContainText('min de lecture');
});

async function search(page: Page, start: string, query: string) {
  await page.goto(start);
  await page.locator('button[data-open-modal]').click();
  const input = page.locator('dialog[open] input');
  await expect(input).toBeVisible({ timeout: 15_000 });
  await input.fill(query);
  const results = page.locator('dialog[open] .pagefind-ui__result-link');
  await expect(results.first()).toBeVisible({ timeout: 30_000 }); // the search UI and index load on first use
  return (await results.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))).map(unbase);
}

test('search in French finds the lessons that hold the word, and only French pages', async ({ page, request }) => {
  const found = await search(page, '/', 'quorum');
  const lessons = found.filter((p) => /^\/cours\/[^/]+\/$/.test(p));
  expect(lessons.length, `lessons among ${found.join(', ')}`).toBeGreaterThan(0);
  expect(found.every((p) => !p.startsWith('/en/'))).toBe(true);
  const html = await (await request.get(lessons[0])).text();
  expect(html.toLowerCase()).toContain('quorum');
});

test('search in English stays in English', async ({ page }) => {
  const found = await search(page, '/en/', 'quorum');
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((p) => p.startsWith('/en/'))).toBe(true);
});

test('a missing page answers 404 with a page in the right language', async ({ page }) => {
  const fr = await page.goto('/cette-page-n-existe-pas/');
  expect(fr?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('h1')).toHaveText('Page introuvable');
  await expect(page.getByRole('link', { name: 'Revenir au parcours' })).toHaveAttribute('href', at('/'));

  const en = await page.goto('/en/this-page-does-not-exist/');
  expect(en?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Back to the course map' })).toHaveAttribute('href', at('/en/'));
  await expect(page.getByText('Revenir au parcours')).toBeHidden();
});

test('a printed lesson has the lesson text and no navigation chrome', async ({ page }) => {
  await page.goto('/');
  const first = await page.locator('.course-map .lessons h3 a').first().getAttribute('href');
  await page.goto(first!);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('.lesson-objectives')).toBeVisible();
  await expect(page.locator('.sl-markdown-content').first()).toBeVisible();
  for (const chrome of ['header.header', 'nav.sidebar', '.right-sidebar-container', '.pagination-links', 'site-search', 'starlight-lang-select', 'starlight-theme-select']) {
    await expect(page.locator(chrome).first(), chrome).toBeHidden();
  }
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('header.header')).toBeVisible();
});

test('a phone gets the menu, the lesson and no sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const first = await page.locator('.course-map .lessons h3 a').first().getAttribute('href');
  for (const path of ['/', '/en/', '/glossaire/', first!]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.locator('starlight-menu-button button').click();
  await expect(page.locator('#starlight__sidebar')).toBeVisible();
});
