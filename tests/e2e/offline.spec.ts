// Offline: after a first visit the service worker has precached the built site; with the network cut, other
// lessons and the sandbox still load and the cluster widget still runs (it needs no server). The classroom
// bundle (npm run bundle) unpacked and served by a plain static server is the same course.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { at, BASE, test, expect, unbase } from './helpers/base';
import { watchPage } from './helpers/page-check';
import { contentType, staticFile } from '../../src/bridge/server';
import { unzip } from '../helpers/unzip';

const LONG = { timeout: 30_000 };

test('after a first visit, lessons and the sandbox load offline and the widget works', async ({ page, context }) => {
  await page.goto('/');
  // The service worker is registered by /site.js and activates once its precache is filled.
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), LONG).toBe('activated');
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('quorum-lab-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  }).then((paths) => paths.map(unbase));
  expect(cached).toEqual(expect.arrayContaining(['/cours/02-haute-disponibilite/', '/labo/', '/en/labo/']));
  expect(cached.some((p) => p.startsWith('/_astro/') && p.endsWith('.js'))).toBe(true);

  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && failed.push(m.text()));
  await context.setOffline(true);
  await page.goto('/cours/02-haute-disponibilite/');
  await expect(page.locator('h1')).toContainText('haute disponibilité', { ignoreCase: true });

  await page.goto('/labo/?speed=10');
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w).toHaveCount(1, LONG).catch((e) => { throw new Error(failed.join('\n') + String(e)); });
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(1, LONG);
  const leader = await w.locator('[data-node-card][data-role="leader"]').getAttribute('data-node-card');
  await w.getByRole('button', { name: `Arrêter ${leader}` }).click();
  await expect(w.locator(`[data-node-card][data-role="leader"]:not([data-node-card="${leader}"])`)).toHaveCount(1, LONG);

  // A shared link (?c=…) opens offline too: the page is matched without its query.
  await page.goto('/en/labo/?c=jnot-a-real-code');
  await expect(page.locator('.cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
  await context.setOffline(false);
});

test('a new build replaces the old cache: old quorum-lab caches are deleted on activate', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), LONG).toBe('activated');
  // Pretend an earlier build left its cache, then make the worker activate again (unregister + register).
  const keys = await page.evaluate(async () => {
    await caches.open('quorum-lab-oldbuild');
    // A different script URL is a new worker for the browser: it installs, then activates.
    const fresh = await navigator.serviceWorker.register('sw.js?update=1', { scope: './' });
    await new Promise<void>((resolve) => {
      const check = () => (fresh.active?.scriptURL.includes('update=1') && fresh.active.state === 'activated' ? resolve() : setTimeout(check, 50));
      check();
    });
    return caches.keys();
  });
  expect(keys).not.toContain('quorum-lab-oldbuild');
  expect(keys.filter((k) => k.startsWith('quorum-lab-'))).toHaveLength(1);
});

test('storage full (QuotaExceededError on save): progress lives in memory with a notice, quizzes still answer', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    // Reading and the store's probe work; saving the progress itself hits a full quota.
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'quorum-lab:progress') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.goto('/progression/');
  // "0 sur N": N exercises in the course (read from the page, so that a new exercise changes no test).
  await expect(page.getByTestId('progress-summary')).toContainText(/0 sur \d+/, LONG);
  const total = /0 sur (\d+)/.exec(await page.getByTestId('progress-summary').innerText())![1];
  // The summary is server-rendered: wait for the island to hydrate before handing it a file.
  await expect(page.locator('.progress-panel')).toHaveAttribute('data-hydrated', 'true', LONG);
  await page.getByTestId('progress-import').setInputFiles({
    name: 'p.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, exercises: { 'ha-one-crash': { doneAt: '2026-01-02T10:00:00.000Z' } }, quiz: {} })),
  });
  await expect(page.getByTestId('progress-summary')).toContainText(`1 sur ${total}`);
  await expect(page.getByTestId('progress-notice')).toContainText('n’autorise pas l’enregistrement');

  // A quiz answer on a lesson: feedback shows, nothing throws.
  await page.goto('/cours/01-etcd/');
  const quiz = page.locator('[data-quiz-id="01-etcd"]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz).toHaveAttribute('data-enhanced', 'true', LONG);
  await quiz.locator('input[type="radio"]').first().check();
  await expect(quiz.locator('fieldset.quiz-q').first()).not.toHaveAttribute('data-state', 'unanswered');
  expect(errors).toEqual([]);
});

test('the classroom bundle, unpacked and served by a plain static file server, is the whole course', async ({ page }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'quorum-lab-bundle-'));
  // The zip of the build the other tests use (npm run bundle -- --no-build), unpacked with a zip reader.
  const archive = join(dir, 'quorum-lab.zip');
  execFileSync(process.execPath, ['scripts/bundle.mjs', '--no-build', '--out', archive], { stdio: 'pipe' });
  const entries = unzip(readFileSync(archive));
  expect(entries.map(([n]) => n)).toEqual(expect.arrayContaining(['quorum-lab/index.html', 'quorum-lab/LISEZMOI-README.txt']));
  for (const [name, data] of entries) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  // "Any static server": files as they are (the lab bridge's path-safe lookup, under the base of the build), a
  // folder answers with its index.html, nothing else (no headers file read).
  const root = join(dir, 'quorum-lab');
  const server = createServer((req, res) => {
    const file = staticFile(root, BASE, req.url ?? '/');
    if (file === null) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-type': contentType(file) }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const problems = watchPage(page);
  try {
    await page.goto(`http://127.0.0.1:${port}${BASE}`);
    await expect(page.locator('.course-map .lessons h3 a').first()).toBeVisible();
    await page.locator('.course-map .lessons h3 a').nth(2).click();
    await expect(page.locator('.lesson-meta')).toContainText('min de lecture');
    const cluster = page.locator('.cluster').first();
    await cluster.scrollIntoViewIfNeeded();
    await expect(page.locator('.cluster[data-hydrated="true"]').first()).toBeVisible(LONG);
    await expect(page.locator('.cluster[data-hydrated="true"] [data-node-card][data-role="leader"]').first()).toBeVisible(LONG);
    await page.goto(`http://127.0.0.1:${port}${at('/en/labo/')}`);
    await expect(page.locator('.cluster[data-hydrated="true"]')).toHaveCount(1, LONG);
    expect(problems).toEqual([]);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
