// Site benchmark (not a test): build time, bytes shipped per page type, Lighthouse scores on mobile settings.
// Run: npm run bench -- site   (set SKIP_LIGHTHOUSE=1 to print only the build and byte figures)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from '@playwright/test';
import { figure, median, type Figure } from './report';

const root = join(import.meta.dirname, '..');
const outDir = process.env.BENCH_DIST ?? join(tmpdir(), 'quorum-lab-bench-dist');
const port = Number(process.env.BENCH_PORT ?? 4655);
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const base = `http://127.0.0.1:${port}`;

/** Pages measured; `goal` is issue 17's budget of JavaScript at start (gzip, KB). `lighthouse`: also scored. */
const pages: { kind: string; path: string; goal?: number; lighthouse?: boolean }[] = [
  { kind: 'home (course map)', path: '/', lighthouse: true },
  { kind: 'text page (glossary)', path: '/glossaire/', goal: 5, lighthouse: true },
  { kind: 'lesson with widgets', path: '/cours/03-quorum/', goal: 40, lighthouse: true },
  { kind: 'lesson 05 (7 islands)', path: '/cours/05-trois-noeuds/', goal: 40 },
  { kind: 'lesson 07 (11 islands)', path: '/cours/07-nombre-pair/', goal: 40 },
  { kind: 'slide deck', path: '/slides/03-quorum/', goal: 80, lighthouse: true },
  // A live cluster on the slide after the title: the deck must not hydrate it before it is shown.
  { kind: 'deck 05 (live cluster)', path: '/slides/05-trois-noeuds/', goal: 80, lighthouse: true },
  // Every lesson's slides in one deck (58 slides, about 3,900 elements): what a class sees when the course is taught in one go.
  { kind: 'whole-course deck', path: '/slides/cours/', goal: 80, lighthouse: true },
  { kind: 'sandbox (labo)', path: '/labo/', goal: 45, lighthouse: true },
];

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer at ${url}`);
}

async function main(): Promise<void> {
  /** Figures for `npm run bench`'s summary, printed after each table (not inside it). */
  const figs: Figure[] = [];
  const flush = (): void => {
    console.log('');
    for (const f of figs.splice(0)) figure(f);
  };
  // BENCH_SKIP_BUILD=1 measures the site already in BENCH_DIST (e.g. another revision's build, for a before/after).
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const t0 = performance.now();
    const build = spawnSync(process.execPath, ['node_modules/astro/astro.js', 'build', '--outDir', outDir], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    const buildS = (performance.now() - t0) / 1000;
    if (build.status !== 0) {
      console.log(build.stdout.slice(-2000), build.stderr.slice(-2000));
      throw new Error('build failed');
    }
    const pagesBuilt = /(\d+) page\(s\) built/.exec(build.stdout)?.[1] ?? '?';
    console.log(`full build: ${buildS.toFixed(1)} s wall for ${pagesBuilt} pages (goal < 60 s on 2 cores)`);
  }

  const server: ChildProcess = spawn(
    process.execPath,
    ['node_modules/astro/astro.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--outDir', outDir],
    { cwd: root, stdio: 'ignore' },
  );
  try {
    await waitFor(base + '/', 30_000);
    const browser = await chromium.launch({
      executablePath: chromePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    console.log('\nBytes shipped (412×823 viewport). JS at start: after load and 1.5 s idle, unscrolled (the goal). Then the');
    console.log("page's first island scrolled into view and hydrated (islands hydrate when visible), then the bottom reached.");
    console.log('page type'.padEnd(24), 'HTML raw'.padStart(10), 'HTML gzip'.padStart(10), 'JS at start'.padStart(12), 'gzip'.padStart(9), 'goal'.padStart(18), '1st widget gz'.padStart(14), 'bottom gz'.padStart(10), 'CSS gzip'.padStart(10), ' third-party requests');
    for (const p of pages) {
      const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
      const bodies: Promise<void>[] = [];
      const acc = { html: 0, htmlGz: 0, js: 0, jsGz: 0, css: 0, cssGz: 0, foreign: 0 };
      page.on('response', (res) => {
        const url = new URL(res.url());
        if (url.hostname !== '127.0.0.1') acc.foreign++;
        const type = res.headers()['content-type'] ?? '';
        const kind = type.includes('javascript') ? 'js' : type.includes('css') ? 'css' : type.includes('text/html') && res.request().isNavigationRequest() ? 'html' : null;
        if (!kind) return;
        bodies.push(
          res.body().then((b) => {
            const gz = gzipSync(b).length;
            if (kind === 'js') { acc.js += b.length; acc.jsGz += gz; } else if (kind === 'css') { acc.css += b.length; acc.cssGz += gz; } else { acc.html += b.length; acc.htmlGz += gz; }
          }, () => {}),
        );
      });
      const resp = await page.goto(base + p.path, { waitUntil: 'load' });
      if (!resp || !resp.ok()) { console.log(p.kind.padEnd(24), `(missing: ${p.path})`); await page.close(); continue; }
      await page.waitForTimeout(1500);
      await Promise.all(bodies);
      const start = { js: acc.js, jsGz: acc.jsGz };
      // <astro-island> is `display: contents`: scroll its first box into view.
      await page.evaluate(() => document.querySelector('astro-island > *')?.scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(1500);
      await Promise.all(bodies);
      const widget = acc.jsGz;
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(1500);
      await Promise.all(bodies);
      const goal = p.goal === undefined ? '' : `≤ ${p.goal} KB ${start.jsGz <= p.goal * 1024 ? 'met' : 'NOT met'}`;
      if (p.goal !== undefined) {
        figs.push({ area: 'Pages (Chromium)', name: `JS at start (gzip), ${p.kind} ${p.path}`, value: start.jsGz / 1024, unit: 'KB', goal: `≤ ${p.goal} KB`, met: start.jsGz <= p.goal * 1024 });
      }
      if (p.path.startsWith('/cours/')) {
        figs.push({ area: 'Pages (Chromium)', name: `JS once its first widget is shown (gzip), ${p.path}`, value: widget / 1024, unit: 'KB', goal: 'context', met: null });
        figs.push({ area: 'Pages (Chromium)', name: `HTML (strings once per page), ${p.path}`, value: acc.html / 1024, unit: 'KB', goal: 'context', met: null });
      }
      console.log(p.kind.padEnd(24), kb(acc.html).padStart(10), kb(acc.htmlGz).padStart(10), kb(start.js).padStart(12), kb(start.jsGz).padStart(9), goal.padStart(18), kb(widget).padStart(14), kb(acc.jsGz).padStart(10), kb(acc.cssGz).padStart(10), ` ${acc.foreign}`);
      await page.close();
    }
    await browser.close();
    flush();

    if (process.env.SKIP_LIGHTHOUSE === '1') return;
    const { default: lighthouse } = await import('lighthouse');
    const { launch } = await import('chrome-launcher');
    console.log('\nLighthouse 12 (mobile settings, Debian Chromium headless): performance / accessibility / best practices / SEO');
    // Performance moves by a few points from run to run on this machine (its blocking time most): three runs per
    // page, the median and the spread. The other three categories do not move; they come from the first run.
    const RUNS = 3;
    const audit = async (url: string, onlyCategories?: string[]) => {
      const chrome = await launch({
        chromePath,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories });
        const c = result?.lhr.categories;
        return (k: string) => Math.round(((c?.[k]?.score ?? 0) as number) * 100);
      } finally {
        await chrome.kill();
      }
    };
    for (const p of pages.filter((x) => x.lighthouse)) {
      try {
        const s = await audit(base + p.path);
        const perf = [s('performance')];
        for (let i = 1; i < RUNS; i++) perf.push((await audit(base + p.path, ['performance']))('performance'));
        console.log(p.kind.padEnd(24), `${perf.join(', ')} / ${s('accessibility')} / ${s('best-practices')} / ${s('seo')}`);
        const m = median(perf);
        figs.push({ area: 'Pages (Lighthouse mobile)', name: `performance, ${p.kind}`, value: m, unit: '', goal: '100', met: m === 100,
          n: perf.length, min: Math.min(...perf), max: Math.max(...perf) });
        for (const k of ['accessibility', 'best-practices', 'seo']) {
          figs.push({ area: 'Pages (Lighthouse mobile)', name: `${k}, ${p.kind}`, value: s(k), unit: '', goal: '100', met: s(k) === 100 });
        }
      } catch (e) {
        console.log(p.kind.padEnd(24), `lighthouse failed: ${(e as Error).message}`);
      }
    }
    flush();
  } finally {
    server.kill();
  }
}

await main();
