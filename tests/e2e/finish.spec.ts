// Every page reads as finished (issue 18): titles, the home page's layout on a wide screen, the sidebar, the
// progress summary, no layout shift when islands hydrate, printing a lesson with live widgets, and the speaker
// view's previews following the projected cluster.
import { type Page } from '@playwright/test';
import { at, expect, test } from './helpers/base';
import { builtPages, scrollThrough } from './helpers/page-check';

const LONG = { timeout: 20_000 };
/** Let the page render twice (what was just scrolled to or hydrated is laid out and painted). */
const twoFrames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));

test('the home page title is not the site title twice', async ({ page }) => {
  for (const path of ['/', '/en/']) {
    await page.goto(path);
    const title = await page.title();
    expect(title).not.toBe('Quorum Lab | Quorum Lab');
    expect(title).toMatch(/^Quorum Lab \| \S/);
  }
});

test('at 1280 px the home course map uses the width and no card sits alone on a row', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const path of ['/', '/en/']) {
    await page.goto(path);
    const list = await page.locator('.course-map .lessons').boundingBox();
    expect(list!.width, `${path}: course list width`).toBeGreaterThan(1000);
    const tops = await page.locator('.course-map .more > li').evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThan(1);
    const rows = new Map<number, number>();
    for (const t of tops) rows.set(t, (rows.get(t) ?? 0) + 1);
    expect([...rows.values()].filter((n) => n === 1), `${path}: cards per row ${[...rows.values()]}`).toEqual([]);
  }
});

test('the sidebar lists the slides in both languages', async ({ page }) => {
  await page.goto('/cours/01-etcd/');
  await expect(page.locator('nav.sidebar a', { hasText: 'Diaporamas' })).toHaveAttribute('href', at('/slides/'));
  await page.goto('/en/cours/01-etcd/');
  await expect(page.locator('nav.sidebar a', { hasText: /^\s*Slides\s*$/ })).toHaveAttribute('href', at('/en/slides/'));
});

test('the progress page counts quiz answers out of every question of the course', async ({ page }) => {
  await page.goto('/progression/');
  const summary = page.getByText(/^Réponses justes aux quiz\u00a0: \d+ sur \d+\.$/);
  await expect(summary).toBeVisible(LONG);
  const [, correct, total] = /(\d+) sur (\d+)/.exec((await summary.innerText()))!;
  expect(Number(correct)).toBe(0);
  // As many as the quizzes of the lessons hold (each lesson's quiz, counted on its page).
  let questions = 0;
  await page.goto('/');
  const lessons = await page.locator('.course-map .lessons h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of lessons) {
    await page.goto(href);
    questions += await page.locator('.quiz fieldset.quiz-q').count();
  }
  expect(Number(total)).toBe(questions);
  expect(questions).toBeGreaterThan(9);
});

/**
 * Open a page, scroll through it so that every island hydrates, and sum the layout shifts from the moment the
 * document is parsed: before that, a loaded machine may paint a half-parsed page (the header's right group
 * growing as its last select arrives), which is not what hydration does. Shifts inside a running cluster (its
 * clock, roles and quorum panel change as the simulation runs) are the live figure, not the page moving.
 */
async function layoutShift(page: Page, path: string): Promise<{ cls: number; sources: string[] }> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __sources: string[]; __parsed: number; __removed: { t: number; name: string }[] };
    w.__cls = 0;
    w.__sources = [];
    w.__parsed = Infinity;
    document.addEventListener('DOMContentLoaded', () => (w.__parsed = performance.now()));
    const label = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    // Elements taken out of the page, and when: a shifted element already removed when the shift is reported has
    // no node, and this names the candidates.
    w.__removed = [];
    new MutationObserver((ms) => {
      const t = performance.now();
      for (const m of ms) for (const n of m.removedNodes) if (n instanceof Element) w.__removed.push({ t, name: label(n) });
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; startTime: number; hadRecentInput: boolean; sources?: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] }[]) {
        if (e.hadRecentInput || e.startTime < w.__parsed) continue;
        const sources = e.sources ?? [];
        const nodes = sources.map((s) => (s.node instanceof Element ? s.node : (s.node?.parentElement ?? null)));
        // A live cluster moves by design (its nodes, messages and event list): a shift within one is not the page
        // moving. A source taken out of the page before this callback has no node (a list item of the cluster's
        // event list, a message label: the cluster redraws them); where it was tells: inside a cluster's box.
        const clusters = [...document.querySelectorAll('.cluster')].map((c) => c.getBoundingClientRect());
        const inCluster = (r: DOMRectReadOnly) => clusters.some((c) => r.x >= c.left && r.right <= c.right && r.y >= c.top && r.bottom <= c.bottom);
        if (nodes.length > 0 && nodes.every((n, i) => (n ? n.closest('.cluster') : inCluster(sources[i].previousRect)))) continue;
        // A hairline with no node to name (a box of Starlight's sidebar, 267×1 px, under its last item, moved as
        // the sidebar's list is laid out after parsing, on /glossaire/ which has no island: one load in about 15
        // under CI's load, CLS 0.0003). Not an island's hydration, and nothing a reader sees move.
        const hairline = (r: DOMRectReadOnly) => r.height <= 1;
        if (sources.length > 0 && sources.every((src, i) => nodes[i] === null && hairline(src.previousRect) && hairline(src.currentRect))) continue;
        w.__cls += e.value;
        // Which element moved, from where to where, and when (ms after parsing): enough to find it.
        const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
        sources.forEach((src, i) => {
          const n = nodes[i];
          const gone = () => [...new Set(w.__removed.filter((r) => r.t >= e.startTime - 50).map((r) => r.name))].slice(0, 5).join(', ');
          const name = n ? label(n) : `(removed; taken out since: ${gone() || 'nothing'})`;
          w.__sources.push(`${name} [${rect(src.previousRect)} → ${rect(src.currentRect)} at +${Math.round(e.startTime - w.__parsed)} ms]`);
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(path);
  await page.waitForLoadState('load');
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y < height; y += 500) {
    await page.mouse.wheel(0, 500);
    await twoFrames(page);
  }
  // Every island that has been on screen has hydrated (Astro removes `ssr` from an island once it has; a
  // deck's later slides stay hidden, so their islands wait).
  await expect
    .poll(() => page.locator('astro-island[ssr]').evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0 && [...el.children].some((c) => c.getClientRects().length > 0)).length), LONG)
    .toBe(0);
  await twoFrames(page);
  return page.evaluate(() => {
    const w = window as unknown as { __cls: number; __sources: string[] };
    return { cls: Math.round(w.__cls * 10000) / 10000, sources: w.__sources };
  });
}

for (const path of ['/', '/cours/03-quorum/', '/cours/05-trois-noeuds/', '/en/cours/10-aller-plus-loin/', '/labo/', '/glossaire/', '/progression/', '/slides/', '/slides/03-quorum/']) {
  test(`no layout shift on ${path} while its islands hydrate`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const { cls, sources } = await layoutShift(page, path);
    expect(cls, `shifted: ${[...new Set(sources)].join(', ')}`).toBe(0);
  });
}

test('scrolling back up from a lesson\'s quiz to its cluster moves nothing (the log table keeps its size off screen)', async ({ page }) => {
  await page.goto('/cours/01-etcd/');
  const quiz = page.locator('[data-quiz-id="01-etcd"]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz).toHaveAttribute('data-enhanced', 'true', LONG);
  const height = () => page.evaluate(() => document.body.scrollHeight);
  const before = await height();
  // The log table comes on screen: a placeholder size for it off screen would make the page, and the quiz under
  // a learner's pointer, jump by the difference (it did: 55 px, and two tests clicked beside a radio).
  await page.locator('[data-cluster-id="c1-etcd"] .logs').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-cluster-id="c1-etcd"]')).toHaveAttribute('data-hydrated', 'true', LONG);
  await twoFrames(page);
  expect(await height()).toBe(before);
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  test('no page scrolls sideways, widgets and charts woken up (decks aside: reveal.js scales them)', async ({ page }) => {
    test.setTimeout(240_000);
    const pages = builtPages().filter((p) => !p.includes('/slides/'));
    expect(pages.length).toBeGreaterThan(30);
    const wide: string[] = [];
    for (const path of pages) {
      await page.goto(at(path));
      await scrollThrough(page);
      // The widest thing on the page against the screen, once its islands have hydrated.
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (over > 0) wide.push(`${path}: ${over} px too wide`);
    }
    expect(wide).toEqual([]);
  });
});

test('a printed lesson shows its widgets as static figures and where its links go', async ({ page }) => {
  await page.goto('/cours/03-quorum/');
  await page.locator('.cluster').first().scrollIntoViewIfNeeded(); // it hydrates when visible
  const cluster = page.locator('.cluster[data-hydrated="true"]').first();
  await expect(cluster).toBeVisible(LONG);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(cluster.locator('figure')).toBeVisible();
  await expect(cluster.locator('.cards')).toBeVisible();
  await expect(cluster.locator('button').first()).toBeHidden();
  expect(await page.locator('.sl-markdown-content button:visible, .sl-markdown-content input:visible, .sl-markdown-content select:visible').count()).toBe(0);
  const glossaryLink = page.locator(`.sl-markdown-content a[href^="${at('/glossaire/')}"]`).first();
  const after = await glossaryLink.evaluate((a) => getComputedStyle(a, '::after').content);
  expect(after).toContain(at('/glossaire/'));
  expect(after).toMatch(new RegExp(`^"? ?\\(http://127\\.0\\.0\\.1:\\d+${at('/glossaire/')}`));
});

test('the speaker view preview follows the projected cluster', async ({ context }) => {
  // The projected deck, and a preview as reveal.js's speaker view opens it (same deck, `?receiver`).
  const projected = await context.newPage();
  await projected.goto('/slides/03-quorum/');
  await expect(projected.locator('html')).toHaveAttribute('data-deck-ready', 'true', LONG);
  const slide = await projected.evaluate(() => {
    const slides = [...document.querySelectorAll('.reveal .slides > section')];
    return slides.findIndex((s) => s.querySelector('[data-cluster-id]'));
  });
  expect(slide).toBeGreaterThan(0);
  await projected.evaluate((i) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(i), slide);
  const preview = await context.newPage();
  await preview.goto(`/slides/03-quorum/?receiver#/${slide}`);
  await expect(preview.locator('html')).toHaveAttribute('data-deck-ready', 'true', LONG);

  const live = projected.locator('.reveal .slides > section.present .cluster[data-hydrated="true"]');
  await expect(live).toBeVisible(LONG);
  const mirror = preview.locator('.reveal .slides > section.present .cluster[data-hydrated="true"]');
  await expect(mirror).toBeVisible(LONG);
  // Crash the projected leader: the preview shows the same node down, and the same instant.
  const leader = live.locator('[data-node-card][data-role="leader"]');
  await expect(leader).toHaveCount(1, LONG);
  const id = await leader.getAttribute('data-node-card');
  await live.getByTestId('play').click(); // pause: one instant to compare
  await live.locator(`[data-node-card="${id}"] button`).first().click();
  await expect(mirror.locator(`[data-node-card="${id}"]`)).toHaveAttribute('data-role', 'down', LONG);
  const clock = await live.getByTestId('clock').innerText();
  await expect(mirror.getByTestId('clock')).toHaveText(clock, LONG);
});
