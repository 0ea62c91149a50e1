// The cluster widget in a real browser (headless Debian Chromium through Playwright): 7 voters at 10× speed
// under client load (a put every 100 ms through the widget's own form), frame times over a 10 s window,
// rAF activity once the widget is scrolled off-screen, and the widget's JavaScript bytes (gzip, engine
// included). Prints figures; not a test. Uses DIST_DIR (default dist/) or builds to a temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { figure } from './report';

const root = join(import.meta.dirname, '..');
const port = Number(process.env.BENCH_PORT ?? 4399);
let dist = process.env.DIST_DIR ?? join(root, 'dist');
if (!existsSync(join(dist, 'labo', 'index.html'))) {
  dist = mkdtempSync(join(tmpdir(), 'widget-bench-'));
  console.log(`building the site into ${dist} …`);
  const r = spawnSync(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'build', '--outDir', dist], {
    cwd: root, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) {
    console.log('build failed: no figures');
    process.exit(1);
  }
}

// ---- JavaScript bytes of the island: its component and renderer, and everything they import.
function islandBytes(html: string) {
  const urls = [...html.matchAll(/(?:component|renderer)-url="([^"]+)"/g)].map((m) => m[1]);
  const comp = urls.find((u) => /\/Cluster\.[^/]+\.js$/.test(u));
  const start = [...new Set(urls.filter((u) => u === comp || /client\.svelte/.test(u)))];
  const seen = new Map<string, { gz: number; raw: number; lazy: boolean }>();
  const walk = (url: string, lazy: boolean) => {
    const prev = seen.get(url);
    if (prev && (lazy || !prev.lazy)) return;
    const src = readFileSync(join(dist, url));
    seen.set(url, { gz: gzipSync(src, { level: 9 }).length, raw: src.length, lazy });
    const text = src.toString('utf8');
    const base = url.slice(0, url.lastIndexOf('/') + 1);
    for (const m of text.matchAll(/(?:import|from)\s*["'](\.\/[^"']+\.js)["']/g)) walk(base + m[1].slice(2), lazy);
    for (const m of text.matchAll(/import\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g)) walk(base + m[1].slice(2), true);
    // Vite's preload helper lists lazy deps as "_astro/x.js" strings.
    for (const m of text.matchAll(/["']_astro\/([^"']+\.js)["']/g)) walk('/_astro/' + m[1], true);
  };
  for (const u of start) walk(u, false);
  const sum = (lazy: boolean) => [...seen.values()].filter((v) => v.lazy === lazy).reduce((a, v) => a + v.gz, 0);
  return { eager: sum(false), lazy: sum(true), files: seen };
}

const html = readFileSync(join(dist, 'labo', 'index.html'), 'utf8');
const bytes = islandBytes(html);

// ---- Frame times.
const seven = JSON.parse(readFileSync(join(root, 'src/scenarios/examples/seven-nodes.json'), 'utf8'));
const code = 'j' + Buffer.from(JSON.stringify({ v: 1, s: seven, i: [], t: 0 })).toString('base64url');

const server = spawn(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--outDir', dist], {
  cwd: root, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/labo/`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  // Count rAF requests, to see the widget stop when it is off-screen.
  // and time each rAF callback: the widget's own script per frame, apart from style, layout and paint.
  await page.addInitScript(`{
    const raf = window.requestAnimationFrame.bind(window);
    window.__raf = 0;
    window.__cb = [];
    window.requestAnimationFrame = (cb) => {
      window.__raf++;
      return raf((t) => { const s = performance.now(); cb(t); window.__cb.push(performance.now() - s); });
    };
  }`);
  await page.goto(`${base}/labo/?speed=10&c=${code}`);
  const w = page.locator('.cluster[data-hydrated="true"]');
  await w.waitFor();
  await w.scrollIntoViewIfNeeded();
  await w.getByTestId('play').click();
  // Let the first election happen, then load the cluster: a put every 100 ms through the form.
  await w.locator('[data-node-card][data-role="leader"]').waitFor({ timeout: 60_000 });
  // A first visit installs the service worker a few seconds after load (public/site.js), and its install downloads
  // the whole site for offline use: a one-time background job that would fall inside the window. Measure after it.
  const swMs = (await page.evaluate(`(async () => {
    const t0 = performance.now();
    if (!('serviceWorker' in navigator)) return -1;
    const ok = await Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 30000))]);
    return ok ? performance.now() - t0 : -1;
  })()`)) as number;
  // Passed as text: tsx would wrap named functions with a helper that does not exist in the page.
  const load = loadavg()[0];
  const result = (await page.evaluate(`(async () => {
    window.__cb = [];
    const send = document.querySelector('.cluster button[type="submit"]');
    const timer = setInterval(() => send.click(), 100);
    const times = [];
    let long = 0;
    const obs = new PerformanceObserver((l) => (long += l.getEntries().length));
    try { obs.observe({ type: 'longtask', buffered: false }); } catch {}
    await new Promise((done) => {
      const t0 = performance.now();
      const tick = (t) => {
        times.push(t);
        if (t - t0 < 10000) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    clearInterval(timer);
    obs.disconnect();
    const ops = document.querySelectorAll('.cluster [data-testid="op"]').length;
    const clock = document.querySelector('.cluster [data-testid="clock"]')?.textContent ?? '';
    const cb = window.__cb.slice().sort((a, b) => a - b);
    return { times, long, ops, clock, cb50: cb[cb.length >> 1], cb95: cb[Math.floor(cb.length * 0.95)] };
  })()`)) as { times: number[]; long: number; ops: number; clock: string; cb50: number; cb95: number };
  const dts = result.times.slice(1).map((t, i) => t - result.times[i]).sort((a, b) => a - b);
  const pct = (p: number) => dts[Math.min(dts.length - 1, Math.floor((p / 100) * dts.length))];
  // Off-screen: scroll far away, then count the rAF requests made during two seconds.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => {
    document.body.style.paddingBottom = '5000px';
    document.querySelector('.cluster')!.scrollIntoView();
    window.scrollBy(0, 4000);
  });
  await page.waitForTimeout(500);
  const before = await page.evaluate(() => (window as unknown as { __raf: number }).__raf);
  await page.waitForTimeout(2000);
  const after = await page.evaluate(() => (window as unknown as { __raf: number }).__raf);
  await browser.close();

  console.log('widget (headless Chromium, /labo/, 7 voters, speed 10×, a put every 100 ms, 10 s window)');
  console.log(swMs >= 0 ? `  measured once the service worker's first-visit install had finished (${(swMs / 1000).toFixed(1)} s after the leader showed)` : '  (no service worker became active within 30 s: measured without waiting)');
  console.log(`  frames: ${dts.length + 1}, frame time p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${dts.at(-1)!.toFixed(1)} ms (60 fps = 16.7 ms)`);
  console.log(`  script per frame (the widget's rAF callbacks): p50 ${result.cb50.toFixed(1)} ms, p95 ${result.cb95.toFixed(1)} ms; the rest of a frame is style, layout and paint`);
  console.log(`  machine load average during the run: ${load.toFixed(1)} on ${availableParallelism()} cores (figures are only comparable on a quiet machine)`);
  console.log(`  long tasks (> 50 ms): ${result.long}; client requests shown: ${result.ops} (the widget lists the last 6); ${result.clock.trim()}`);
  console.log(`  off-screen: ${after - before} animation frames requested in 2 s (0 = the widget stopped)`);
  // Compared at the timestamps' resolution: Chromium clamps rAF times to 0.1 ms (no cross-origin isolation), so a
  // frame on its vsync reads 16.6, 16.7 or 16.8 ms, and their differences carry float noise (16.700000000001 was
  // counted over 16.7 while printed as 16.7).
  // The goal is a frame at every vsync 95% of the time: a frame on its vsync reads up to 16.8 ms at that
  // resolution, one that missed it ~33.3 ms. Beside it, the share of frames that missed their vsync.
  const p95 = Math.round(pct(95) * 10) / 10;
  figure({ area: 'Widget (Chromium)', name: `frames, 7 voters at 10× under load, 95th percentile of ${dts.length} (machine load ${load.toFixed(1)})`, value: p95, unit: 'ms',
    goal: '≤ 16.7 ms (a frame at each vsync; 16.8 at the 0.1 ms clock)', met: p95 <= 16.8 });
  const missed = dts.filter((d) => d > 1.5 * (1000 / 60)).length;
  figure({ area: 'Widget (Chromium)', name: '  frames that missed their vsync (over 25 ms)', value: (100 * missed) / dts.length, unit: '%', goal: 'context (under 5% meets the goal above)', met: null });
  figure({ area: 'Widget (Chromium)', name: 'the widget\'s own script per frame, 95th percentile', value: result.cb95, unit: 'ms', goal: 'context (the rest is style, layout, paint)', met: null });
} finally {
  server.kill();
}
figure({ area: 'Widget (Chromium)', name: 'the cluster island\'s JavaScript at hydration (gzip, engine and Svelte runtime included)', value: bytes.eager / 1024, unit: 'KB',
  goal: 'within a lesson\'s 40 KB', met: bytes.eager / 1024 <= 40 });
console.log(`  + ${(bytes.lazy / 1024).toFixed(1)} KB loaded only for share links (schema, decoder)`);
for (const [f, v] of bytes.files) console.log(`  ${v.lazy ? 'lazy ' : 'eager'} ${(v.gz / 1024).toFixed(1).padStart(5)} KB  ${f}`);
