// Instructor decks (issue 8), driven as an instructor would: open a deck, move with the arrow keys, open the
// speaker view, crash a node of the live cluster on a slide, print to PDF. Nothing here measures time.
import { type Page } from '@playwright/test';
import { at, test, expect } from './helpers/base';
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations } from './helpers/axe';
import { checkOpenPage, watchPage } from './helpers/page-check';

/** Every lesson has its deck: the lessons on disk, as lessons.spec.ts finds them. */
const LESSONS = readdirSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../src/content/docs/cours'))
  .filter((f) => /^\d\d-.+\.mdx$/.test(f)).sort().map((f) => f.replace(/\.mdx$/, ''));
const LONG = { timeout: 30_000 };

type Indices = { h: number; v: number };
const indices = (page: Page) => page.evaluate(() => (window as any).Reveal.getIndices() as Indices);
const notes = (page: Page) => page.evaluate(() => ((window as any).Reveal.getSlideNotes() as string | null) ?? '');
const total = (page: Page) => page.evaluate(() => (window as any).Reveal.getTotalSlides() as number);

/** A printed deck's slide count, once reveal.js's print layout is done. The layout takes every slide out of the
 *  document into a page of its own, then puts the pages in a frame later: read in between, the deck has no slide
 *  (a test that counted then waited for 0 pages). */
async function printedSlides(page: Page): Promise<number> {
  await page.waitForFunction(() => document.querySelectorAll('.pdf-page').length > 0, undefined, LONG);
  const n = await total(page);
  expect(n).toBeGreaterThan(1);
  return n;
}

async function openDeck(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('html[data-deck-ready="true"]')).toHaveCount(1, LONG);
}

/** Wait until the present slide has faded in. axe reads a slide's colours through its opacity: mid-fade, text
 *  fails contrast (a code block's tokens, with the least to spare, failed so twice in a row in one full run). */
async function fadedIn(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const present = document.querySelector('.slides > section.present');
    return present !== null && getComputedStyle(present).opacity === '1' && present.getAnimations().length === 0;
  });
}

for (const [locale, prefix] of [['fr', ''], ['en', '/en']] as const) {
  for (const slug of [...LESSONS, 'cours']) {
    const path = `${prefix}/slides/${slug}/`;
    test(`deck ${path} opens, moves with the arrow keys, has speaker notes, links back to its lesson; a clean, accessible page`, async ({ page }) => {
      const watched = watchPage(page);
      await openDeck(page, path);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      // Title slide from the frontmatter, then the lesson's own slides (4 to 8 for a lesson).
      await expect(page.locator('.slides > section.present h1')).toBeVisible();
      const n = await total(page);
      if (slug === 'cours') expect(n).toBeGreaterThan(40);
      else expect(n, `${path} slide count`).toBeGreaterThanOrEqual(4);
      expect(await page.locator('.slides > section:not([data-slide])').count(), 'only slides are left').toBe(0);
      // Every slide counts once: a widget's own <section> is never taken for a (vertical) slide.
      expect(n, `${path} counted slides`).toBe(await page.locator('.slides > section').count());
      await expect(page.locator('.slides > section.stack')).toHaveCount(0);
      expect(await indices(page)).toEqual({ h: 0, v: 0 });
      expect((await notes(page)).trim().length, `${path} title slide notes`).toBeGreaterThan(0);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => indices(page)).toEqual({ h: 1, v: 0 });
      await expect(page.locator('.slides > section.present h2').first()).toBeVisible();
      expect((await notes(page)).trim().length, `${path} slide 2 notes`).toBeGreaterThan(20);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => indices(page)).toEqual({ h: 2, v: 0 });
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => indices(page)).toEqual({ h: 1, v: 0 });
      if (slug !== 'cours') {
        await expect(page.getByTestId('deck-back')).toHaveAttribute('href', at(`${prefix}/cours/${slug}/`));
      }
      // What every page must be (helpers/page-check.ts), on the deck's second slide (a deck has one theme).
      await fadedIn(page);
      expect(await checkOpenPage(page, locale, watched, { themes: 'light' })).toEqual([]);
    });
  }
}

test('every lesson has its deck', () => {
  expect(LESSONS.length).toBeGreaterThanOrEqual(9);
});

test('every slide of every lesson deck has speaker notes', async ({ page }) => {
  await openDeck(page, '/slides/cours/');
  const missing = await page.evaluate(() =>
    [...document.querySelectorAll('.slides > section')]
      .map((s, i) => ({ i, title: s.querySelector('h1, h2')?.textContent ?? '', notes: s.querySelector('aside.notes')?.textContent?.trim() ?? '' }))
      .filter((s) => s.notes.length === 0),
  );
  expect(missing).toEqual([]);
});

test('the speaker view (S) shows the current slide\'s notes; its plugin loads only then', async ({ page }) => {
  // reveal.js's notes plugin (with its Markdown parser) is not part of a deck's start (issue 17).
  const notesPlugin: string[] = [];
  page.on('request', (r) => {
    if (/\/notes\.[\w-]+\.js$/.test(new URL(r.url()).pathname)) notesPlugin.push(r.url());
  });
  await openDeck(page, '/slides/03-quorum/');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => indices(page)).toEqual({ h: 1, v: 0 });
  expect(notesPlugin, 'notes plugin loaded at start').toEqual([]);
  const expected = (await notes(page)).replace(/<[^>]+>/g, ' ').trim().split(/\s+/).slice(0, 4).join(' ');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('s')]);
  await expect(popup.locator('.speaker-controls-notes .value')).toContainText(expected, LONG);
  expect(notesPlugin).toHaveLength(1);
  // The speaker view follows the deck: the next slide's notes.
  await page.bringToFront();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => indices(page)).toEqual({ h: 2, v: 0 });
  const next = await page.evaluate(() => {
    const d = document.createElement('div');
    d.innerHTML = (window as any).Reveal.getSlideNotes() ?? '';
    return (d.textContent ?? '').trim().split(/\s+/).slice(0, 4).join(' ');
  });
  await expect(popup.locator('.speaker-controls-notes .value')).toContainText(next, LONG);
});

test('a live cluster on a slide responds to a crash, and its keys do not move the deck', async ({ page }) => {
  await openDeck(page, '/slides/03-quorum/');
  const idx = await page.evaluate(() => [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('.cluster')));
  expect(idx).toBeGreaterThan(0);
  await page.evaluate((i) => (window as any).Reveal.slide(i), idx);
  const w = page.locator('.slides > section.present .cluster[data-hydrated="true"]');
  await expect(w).toHaveCount(1, LONG);
  await expect(w).toHaveClass(/compact/);
  const crash = w.getByRole('button', { name: 'Arrêter n2' });
  await crash.click();
  await expect(w.locator('[data-node-card="n2"] [data-testid="role"]')).toHaveText('en panne', LONG);
  // Keys typed while the widget has the focus belong to the widget: the deck stays on this slide.
  await w.getByRole('button', { name: 'Redémarrer n2' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  expect(await indices(page)).toEqual({ h: idx, v: 0 });
  // Escape hands the keyboard back to the deck.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => indices(page)).toEqual({ h: idx + 1, v: 0 });
});

test('a cluster on a later slide waits for its slide: it starts when shown, and stops while the room sees another slide', async ({ page }) => {
  type W = Window & { quorumLab?: import('../../src/widgets/cluster/hook').QuorumLabHook };
  // Lesson 05's deck: the title, then a live cluster whose scenario stops the leader at 4 s.
  await openDeck(page, '/slides/05-trois-noeuds/');
  const slide = await page.evaluate(() => [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('[data-cluster-id="c5-exemple"]')));
  expect(slide).toBe(1);
  // reveal.js lays the next slide out already (for an IntersectionObserver, on screen), yet the cluster waits:
  // once the deck has settled, it is still the server-rendered figure, and no cluster runs on the page.
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[data-cluster-id="c5-exemple"]')).not.toHaveAttribute('data-hydrated', 'true');
  expect(await page.evaluate(() => (window as W).quorumLab?.clusters() ?? [])).toEqual([]);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.slides > section.present .cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
  // It starts its story now, before the leader stops: what the notes ask the room to predict is still ahead.
  const animating = () => page.evaluate(() => (window as W).quorumLab!.cluster('c5-exemple').animating());
  await expect.poll(animating, LONG).toBe(true);
  expect(await page.evaluate(() => (window as W).quorumLab!.cluster('c5-exemple').now())).toBeLessThan(4000);
  // The next slide: the cluster stays laid out behind it, stopped; back on its slide, it goes on.
  await page.keyboard.press('ArrowRight');
  await expect.poll(animating, LONG).toBe(false);
  const left = await page.evaluate(() => (window as W).quorumLab!.cluster('c5-exemple').now());
  expect(await page.evaluate(() => (window as W).quorumLab!.cluster('c5-exemple').playing())).toBe(true);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(animating, LONG).toBe(true);
  await expect.poll(() => page.evaluate(() => (window as W).quorumLab!.cluster('c5-exemple').now()), LONG).toBeGreaterThan(left);
});

for (const [locale, prefix] of [['fr', ''], ['en', '/en']] as const) {
  test(`every slide of every ${locale} deck fits above the corner navigation (long text, seven-row tables, seven-member clusters)`, async ({ page }) => {
    test.setTimeout(180_000);
    for (const slug of LESSONS) {
      await openDeck(page, `${prefix}/slides/${slug}/`);
      const n = await total(page);
      for (let i = 1; i < n; i++) {
        await page.evaluate((k) => (window as any).Reveal.slide(k), i);
        const present = page.locator('.slides > section.present');
        if ((await present.locator('.cluster').count()) > 0) await expect(present.locator('.cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
        // The slide body's bottom edge, against the bottom of the slide area less the corner navigation's band.
        const gap = () => page.evaluate(() => {
          const area = document.querySelector('.reveal .slides')!.getBoundingClientRect();
          const body = document.querySelector('.slides > section.present > .slide-body')!.getBoundingClientRect();
          return Math.round(area.bottom - area.height * 0.04 - body.bottom);
        });
        await expect.poll(gap, { message: `${prefix}/slides/${slug}/ slide ${i + 1}` }).toBeGreaterThanOrEqual(0);
      }
    }
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('a deck shows the slides the room sees; the next-slide arrow is not covered and a tap moves on', async ({ page }) => {
    await openDeck(page, '/slides/03-quorum/');
    await expect(page.locator('.slides > section.present h1')).toBeVisible();
    // The corner links stay; the keyboard hint, which would cover the arrow, does not show.
    await expect(page.getByTestId('deck-back')).toBeVisible();
    await expect(page.locator('.deck-keys')).toBeHidden();
    await page.locator('.reveal .controls .navigate-right').tap();
    await expect.poll(() => indices(page)).toEqual({ h: 1, v: 0 });
    await expect(page.locator('.slides > section.present h2').first()).toBeVisible();
  });

  test('the title slide shows before reveal.js has loaded, exactly where reveal.js then shows it', async ({ page }) => {
    const title = page.locator('.slides > section').first().locator('h1');
    // reveal.js held back: the deck's script never arrives.
    const deckScript = /Deck\.astro.*\.js$/;
    await page.route(deckScript, (r) => r.abort());
    await page.goto('/slides/05-trois-noeuds/');
    await expect(title).toBeInViewport();
    const before = await title.boundingBox();
    // Opened on a later slide, the title slide is not shown first.
    await page.goto('/slides/05-trois-noeuds/#/2');
    await page.reload();
    await expect(page.locator('.slides > section').nth(2).locator('h2')).toBeAttached();
    await expect(title).not.toBeInViewport();
    // The same deck, started: the title slide has not moved; the later slide shows.
    await page.unroute(deckScript);
    await openDeck(page, '/slides/05-trois-noeuds/');
    expect(await title.boundingBox()).toEqual(before);
    await page.goto('/slides/05-trois-noeuds/#/2');
    await page.reload();
    await expect(page.locator('html[data-deck-ready="true"]')).toHaveCount(1, LONG);
    expect(await indices(page)).toEqual({ h: 2, v: 0 });
    await expect(page.locator('.slides > section.present h2').first()).toBeInViewport();
  });

  test('the whole-course deck shows its first slide alone, before and after reveal.js has started', async ({ page }) => {
    // The slides drawn (not display: none), by their place in the deck. Every lesson's title slide used to be
    // drawn, one on top of another, until reveal.js had started, and laid out (unseen) after it.
    const drawn = () => page.evaluate(() => [...document.querySelectorAll('.reveal .slides > section')]
      .flatMap((s, i) => (getComputedStyle(s).display !== 'none' ? [i] : [])));
    const deckScript = /Deck\.astro.*\.js$/;
    await page.route(deckScript, (r) => r.abort());
    await page.goto('/slides/cours/');
    await expect(page.locator('.slides > section').first().locator('h1')).toBeInViewport();
    expect(await drawn()).toEqual([0]);
    await page.unroute(deckScript);
    await openDeck(page, '/slides/cours/');
    // reveal.js lays out the present slide and, on a phone, its next one (mobileViewDistance 1): no further title.
    expect(await drawn()).toEqual([0, 1]);
  });
});

test('printing a deck to PDF gives one page per slide, with the widgets as static figures', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDeck(page, '/slides/03-quorum/?print-pdf');
  const n = await printedSlides(page);
  await expect(page.locator('.pdf-page')).toHaveCount(n, LONG);
  // The live cluster is a static figure: its ring is there, its buttons are not.
  await expect(page.locator('.pdf-page .cluster figure svg').first()).toBeVisible();
  await expect(page.locator('.pdf-page .cluster button:visible')).toHaveCount(0);
  await expect(page.locator('astro-island')).toHaveCount(0);
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  expect(pages).toBe(n);
});

test('printed, a slide with a long table still ends on its own page (lesson 06: quorum sizes from 1 to 7)', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openDeck(page, '/slides/06-combien-de-pannes/?print-pdf');
  await expect(page.locator('.pdf-page')).toHaveCount(await printedSlides(page), LONG);
  // Every slide body's bottom edge against its page's: nothing is cut off at the page's foot.
  const overflow = () => page.evaluate(() => [...document.querySelectorAll('.pdf-page')].flatMap((pg, i) => {
    const body = pg.querySelector('.slide-body');
    return body && body.getBoundingClientRect().bottom > pg.getBoundingClientRect().bottom ? [`page ${i + 1}`] : [];
  }));
  await expect.poll(overflow).toEqual([]);
});

test('a deck passes axe, on its title slide and on its widget slide', async ({ page }) => {
  await openDeck(page, '/en/slides/03-quorum/');
  expect(await axeViolations(page, { all: true })).toEqual([]);
  const idx = await page.evaluate(() => [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('.cluster')));
  await page.evaluate((i) => (window as any).Reveal.slide(i), idx);
  await expect(page.locator('.slides > section.present .cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
  await fadedIn(page);
  expect(await axeViolations(page, { all: true })).toEqual([]);
});

test('the lesson page shows slide content as ordinary lesson text, without notes, and links to its deck', async ({ page }) => {
  await page.goto('/cours/03-quorum/');
  await expect(page.locator('.sl-markdown-content section[data-slide]')).toHaveCount(0);
  await expect(page.locator('aside.notes')).toHaveCount(0);
  await expect(page.getByText('quorum = floor(')).toBeVisible();
  await expect(page.locator(`a[href="${at('/slides/03-quorum/')}"]`).first()).toBeVisible();
  await page.goto('/en/slides/');
  await expect(page.locator(`a[href="${at('/en/slides/03-quorum/')}"]`)).toHaveCount(1);
  await expect(page.locator(`a[href="${at('/en/slides/cours/')}"]`)).toHaveCount(1);
});

test('a deck page is sent with its slides only: the lesson\'s quiz, exercises and footnotes are not in its HTML, nor footnote marks on its slides', async ({ page }) => {
  const markers = ['data-quiz-id', 'data-exercise-id', 'data-footnotes', 'data-footnote-ref'];
  let inLessons = 0;
  for (const prefix of ['', '/en']) {
    for (const slug of ['01-etcd', '03-quorum']) {
      const lesson = await (await page.request.get(at(`${prefix}/cours/${slug}/`))).text();
      const deck = await (await page.request.get(at(`${prefix}/slides/${slug}/`))).text();
      expect(deck, `${prefix}/slides/${slug}/`).toContain('data-slide');
      for (const m of markers) {
        if (!lesson.includes(m)) continue;
        inLessons++;
        expect(deck.includes(m), `${prefix}/slides/${slug}/ carries ${m}`).toBe(false);
      }
    }
  }
  expect(inLessons, 'markers found in the lessons themselves').toBeGreaterThanOrEqual(8);
});
