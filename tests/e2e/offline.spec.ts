// Offline: after a first visit the service worker has precached the built site; with the network cut, other
// lessons and the sandbox still load and the cluster widget still runs (it needs no server).
import { test, expect } from '@playwright/test';

const LONG = { timeout: 30_000 };

test('after a first visit, lessons and the sandbox load offline and the widget works', async ({ page, context }) => {
  await page.goto('/');
  // The service worker is registered by /site.js and activates once its precache is filled.
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), LONG).toBe('activated');
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('quorum-lab-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
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
    const fresh = await navigator.serviceWorker.register('/sw.js?update=1');
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
