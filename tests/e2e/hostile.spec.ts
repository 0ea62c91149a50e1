// Hostile inputs in the browser (issue 15 cases 4 to 8, issue 13 item 10): full, blocked and odd storage,
// bad share links, links too large to make. Nothing throws, nothing stored is lost, every message is in the
// page's language.
import { type Page } from '@playwright/test';
import { test, expect } from './helpers/base';
import { PROGRESS_KEY, seedProgress as seed } from './helpers/progress';

const LONG = { timeout: 30_000 };
const KEY = PROGRESS_KEY;
const DONE = { doneAt: '2026-01-02T10:00:00.000Z' };

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}


test('case 4: with storage full, the progress page shows and exports what is stored', async ({ page }) => {
  const errors = watchErrors(page);
  await seed(page, JSON.stringify({ version: 1, exercises: { 'ha-one-crash': DONE, 'lose-quorum': DONE }, quiz: {} }));
  await page.addInitScript(() => {
    // The origin's quota is used up: every write throws, reads work.
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/progression/');
  await expect(page.locator('.progress-panel')).toHaveAttribute('data-hydrated', 'true', LONG);
  await expect(page.getByTestId('progress-summary')).toContainText(/ 2 sur \d+/);
  await expect(page.getByTestId('progress-notice')).toContainText('déjà enregistré s’affiche');
  const download = page.waitForEvent('download');
  await page.getByTestId('progress-export').click();
  const file = await (await download).createReadStream();
  let text = '';
  for await (const chunk of file) text += chunk;
  expect(Object.keys(JSON.parse(text).exercises).sort()).toEqual(['ha-one-crash', 'lose-quorum']);
  expect(errors).toEqual([]);
});

test('case 5: progress from a newer version is kept and said so', async ({ page }) => {
  const raw = JSON.stringify({ version: 2, exercises: { 'ha-one-crash': DONE }, quiz: {}, badges: ['x'] });
  await seed(page, raw);
  await page.goto('/progression/');
  await expect(page.locator('.progress-panel')).toHaveAttribute('data-hydrated', 'true', LONG);
  await expect(page.getByTestId('progress-notice')).toContainText('version plus récente');
  await expect(page.getByTestId('progress-summary')).toContainText(/ 1 sur \d+/);
  // Working in memory: an import changes the page, not what is stored.
  await page.getByTestId('progress-import').setInputFiles({
    name: 'p.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, exercises: { 'lose-quorum': DONE }, quiz: {} })),
  });
  await expect(page.getByTestId('progress-summary')).toContainText(/ 2 sur \d+/);
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(raw);
});

test('case 6: one bad entry is set aside, the good ones stay, the notice counts them', async ({ page }) => {
  await seed(page, JSON.stringify({ version: 1, exercises: { 'ha-one-crash': DONE, 'lose-quorum': { doneAt: 42 } }, quiz: {} }));
  await page.goto('/progression/');
  await expect(page.locator('.progress-panel')).toHaveAttribute('data-hydrated', 'true', LONG);
  await expect(page.getByTestId('progress-summary')).toContainText(/ 1 sur \d+/);
  await expect(page.getByTestId('progress-notice')).toContainText('mises de côté dans votre progression enregistrée\u00a0: 1.');
  const aside = await page.evaluate(() => localStorage.getItem('quorum-lab:progress:backup'));
  expect(JSON.parse(aside!).exercises).toEqual({ 'lose-quorum': { doneAt: 42 } });
});

test('case 7: with storage blocked, no error in the console and the theme select works', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('/cours/01-etcd/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', /^(light|dark)$/);
  const select = page.locator('starlight-theme-select select').first();
  await select.selectOption('light');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await select.selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(errors).toEqual([]);
});

test('case 8: a damaged share link is explained in French, without raw exception text', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/labo/?c=jA');
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w.getByTestId('notice')).toContainText('Lien de partage illisible (le code du lien est abîmé ou tronqué)', LONG);
  await expect(w.getByTestId('notice')).not.toContainText(/atob|decode|Error|link/i);
  await page.goto('/en/labo/?c=jA');
  await expect(page.locator('.cluster[data-hydrated="true"]').getByTestId('notice')).toContainText('the link code is damaged or cut short', LONG);
  expect(errors).toEqual([]);
});

test('case 8: a link past a size limit says so, as a size limit', async ({ page }) => {
  const body = JSON.stringify({ v: 1, s: { seed: 1, members: ['n1'], until: 1000, events: [] }, i: [{ at: 1, action: 'put', key: 'k'.repeat(2000), value: 'v' }], t: 5 });
  await page.goto(`/labo/?c=j${Buffer.from(body).toString('base64url')}`);
  const notice = page.locator('.cluster[data-hydrated="true"]').getByTestId('notice');
  await expect(notice).toContainText('limite de taille', LONG);
  await expect(notice).toContainText('une clé fait 2\u202f000 caractères, 1\u202f024 au plus');
  await expect(notice).not.toContainText('abîmé');
});

test('issue 13 item 10: "Copier le lien" after a 2,000-character key says which limit, and makes no link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/labo/');
  const term = page.locator('section.terminal');
  await term.scrollIntoViewIfNeeded();
  await expect(term).toHaveAttribute('data-ready', 'true', LONG);
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(1, LONG);
  const input = term.getByRole('textbox', { name: /etcdctl/ });
  await input.fill(`etcdctl put ${'k'.repeat(2000)} v`);
  await input.press('Enter');
  await expect(term).toHaveAttribute('data-busy', 'false', LONG);
  await w.getByTestId('copy-link').click();
  await expect(w.getByTestId('notice')).toContainText('Pas de lien possible pour cet état\u00a0: une clé fait 2\u202f000 caractères, 1\u202f024 au plus.', LONG);
  await expect(w.getByTestId('share-url')).toHaveCount(0);
});
