// Site benchmark (not a test): build time, bytes shipped per page type, Lighthouse scores on mobile settings.
// Run: npm run bench -- site   (set SKIP_LIGHTHOUSE=1 to print only the build and byte figures)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const root = join(import.meta.dirname, '..');
const outDir = process.env.BENCH_DIST ?? '/tmp/quorum-lab-bench-dist';
const port = Number(process.env.BENCH_PORT ?? 4655);
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const base = `http://127.0.0.1:${port}`;

const pages: { kind: string; path: string }[] = [
  { kind: 'home (course map)', path: '/' },
  { kind: 'text page (glossary)', path: '/glossaire/' },
  { kind: 'lesson with widgets', path: '/cours/03-quorum/' },
  { kind: 'slide deck', path: '/slides/03-quorum/' },
  { kind: 'sandbox (labo)', path: '/labo/' },
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
    console.log('\nBytes shipped after load and a scroll to the bottom (islands hydrate when visible):');
    console.log('page type'.padEnd(24), 'JS raw'.padStart(10), 'JS gzip'.padStart(10), 'CSS raw'.padStart(10), 'CSS gzip'.padStart(10), ' third-party requests');
    for (const p of pages) {
      const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
      const bodies: Promise<void>[] = [];
      const acc = { js: 0, jsGz: 0, css: 0, cssGz: 0, foreign: 0 };
      page.on('response', (res) => {
        const url = new URL(res.url());
        if (url.hostname !== '127.0.0.1') acc.foreign++;
        const type = res.headers()['content-type'] ?? '';
        const kind = type.includes('javascript') ? 'js' : type.includes('css') ? 'css' : null;
        if (!kind) return;
        bodies.push(
          res.body().then((b) => {
            const gz = gzipSync(b).length;
            if (kind === 'js') { acc.js += b.length; acc.jsGz += gz; } else { acc.css += b.length; acc.cssGz += gz; }
          }, () => {}),
        );
      });
      const resp = await page.goto(base + p.path, { waitUntil: 'load' });
      if (!resp || !resp.ok()) { console.log(p.kind.padEnd(24), `(missing: ${p.path})`); await page.close(); continue; }
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(1500);
      await Promise.all(bodies);
      console.log(p.kind.padEnd(24), kb(acc.js).padStart(10), kb(acc.jsGz).padStart(10), kb(acc.css).padStart(10), kb(acc.cssGz).padStart(10), ` ${acc.foreign}`);
      await page.close();
    }
    await browser.close();

    if (process.env.SKIP_LIGHTHOUSE === '1') return;
    const { default: lighthouse } = await import('lighthouse');
    const { launch } = await import('chrome-launcher');
    console.log('\nLighthouse 12 (mobile settings, Debian Chromium headless): performance / accessibility / best practices / SEO');
    for (const p of pages) {
      const chrome = await launch({
        chromePath,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        const result = await lighthouse(base + p.path, { port: chrome.port, output: 'json', logLevel: 'error' });
        const c = result?.lhr.categories;
        const s = (k: string) => Math.round(((c?.[k]?.score ?? 0) as number) * 100);
        console.log(p.kind.padEnd(24), `${s('performance')} / ${s('accessibility')} / ${s('best-practices')} / ${s('seo')}`);
      } catch (e) {
        console.log(p.kind.padEnd(24), `lighthouse failed: ${(e as Error).message}`);
      } finally {
        await chrome.kill();
      }
    }
  } finally {
    server.kill();
  }
}

await main();
