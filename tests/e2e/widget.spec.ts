// The live cluster widget, driven as a reader would on the sandbox page (/labo/). `?speed=10` only sets the
// speed control (the same as choosing 10× in it) so that elections and timeouts pass quickly. Nothing here
// measures time: every wait is for something the reader would see.
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const LONG = { timeout: 30_000 };

async function openLab(page: Page, query = '?speed=10', path = '/labo/'): Promise<Locator> {
  await page.goto(`${path}${query}`);
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w).toHaveCount(1, LONG);
  return w;
}

async function leaderOf(w: Locator): Promise<string> {
  const l = w.locator('[data-node-card][data-role="leader"]');
  await expect(l).toHaveCount(1, LONG);
  return (await l.getAttribute('data-node-card'))!;
}

/** A share code in the documented plain format ("j" + base64url(JSON)), for a starting scenario. */
function linkFor(scenario: object, injected: object[] = [], t = 0): string {
  const json = JSON.stringify({ v: 1, s: scenario, i: injected, t });
  return 'j' + Buffer.from(json).toString('base64url');
}
const FOUR = { seed: 4, members: ['n1', 'n2', 'n3', 'n4'], until: 3600000, events: [] };

test('crashing the leader: the others elect a new one, announced politely', async ({ page }) => {
  const w = await openLab(page);
  const old = await leaderOf(w);
  await w.getByRole('button', { name: `Arrêter ${old}` }).click();
  await expect(w.locator(`[data-node-card="${old}"]`)).toHaveAttribute('data-role', 'down');
  await expect(w.locator(`[data-node-card][data-role="leader"]:not([data-node-card="${old}"])`)).toHaveCount(1, LONG);
  const fresh = await leaderOf(w);
  expect(fresh).not.toBe(old);
  await expect(w.getByTestId('announce')).toContainText(/Nouveau leader|Quorum/, LONG);
  await expect(w.getByTestId('events')).toContainText(`${fresh} obtient une majorité de votes`);
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum atteint');
});

test('crash two of three: writes are refused or time out, the quorum panel says so; restart: the log catches up', async ({ page }) => {
  const w = await openLab(page);
  const leader = await leaderOf(w);
  // One committed write first, so there is something to catch up on.
  await w.getByRole('button', { name: 'Envoyer' }).click();
  await expect(w.getByTestId('op').first()).toHaveAttribute('data-status', 'ok', LONG);
  const followers = ['n1', 'n2', 'n3'].filter((n) => n !== leader);
  for (const f of followers) await w.getByRole('button', { name: `Arrêter ${f}` }).click();
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum perdu : les écritures sont bloquées');
  await expect(w.getByTestId('quorum-tolerated')).toHaveText('0');
  await w.getByRole('button', { name: 'Envoyer' }).click();
  const last = w.getByTestId('op').first();
  await expect(last).toHaveAttribute('data-status', /fail|info/, { timeout: 60_000 });
  await expect(last).toContainText(/refusée|délai dépassé/);
  // Restart both: a leader comes back and the restarted nodes' logs reach the leader's commit point.
  for (const f of followers) await w.getByRole('button', { name: `Redémarrer ${f}` }).click();
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum atteint', LONG);
  await w.getByRole('button', { name: 'Envoyer' }).click();
  await expect(w.getByTestId('op').first()).toHaveAttribute('data-status', 'ok', LONG);
  const rows = w.locator('table tbody tr');
  const summaries = async () => (await rows.allInnerTexts()).map((r) => /\((?:dernier|last) (\d+), commit (\d+)\)/.exec(r)?.slice(1).join('/'));
  await expect.poll(async () => new Set(await summaries()).size, LONG).toBe(1);
});

test('four nodes split 2/2: no side has a leader', async ({ page }) => {
  const w = await openLab(page, `?speed=10&c=${linkFor(FOUR)}`);
  await expect(w.getByTestId('notice')).toHaveCount(0);
  await w.getByTestId('play').click();
  await leaderOf(w);
  await expect(w.getByTestId('quorum-voters')).toContainText('4');
  await expect(w.getByTestId('quorum-size')).toContainText('3');
  await w.getByLabel('Zone de n3').selectOption('B');
  await w.getByLabel('Zone de n4').selectOption('B');
  await w.getByRole('button', { name: 'Couper le réseau' }).click();
  await expect(w.getByTestId('network-state')).toContainText('{n1, n2} | {n3, n4}');
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(0, LONG);
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum perdu');
  // And it stays so: let ten more virtual seconds pass.
  const clock = async () => Number((await w.getByTestId('clock').innerText()).replace(/[^\d,]/g, '').replace(',', '.'));
  const t0 = await clock();
  await expect.poll(clock, { timeout: 60_000 }).toBeGreaterThan(t0 + 10);
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(0);
  await w.getByRole('button', { name: 'Rétablir le réseau' }).click();
  await leaderOf(w);
});

test('scrub back to the start and forward again to the same state', async ({ page }) => {
  const w = await openLab(page);
  const leader = await leaderOf(w);
  await w.getByRole('button', { name: `Arrêter ${leader}` }).click();
  await expect(w.locator(`[data-node-card][data-role="leader"]:not([data-node-card="${leader}"])`)).toHaveCount(1, LONG);
  await w.getByTestId('play').click(); // pause
  const clockEnd = await w.getByTestId('clock').innerText();
  const cardsEnd = await w.locator('.cards').innerText();
  const scrubber = w.getByTestId('scrubber');
  await scrubber.focus();
  await page.keyboard.press('Home');
  await expect(w.getByTestId('clock')).toContainText('0,000');
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(0);
  await expect(w.locator('[data-node-card][data-role="down"]')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(w.getByTestId('clock')).toHaveText(clockEnd);
  await expect.poll(() => w.locator('.cards').innerText()).toBe(cardsEnd);
});

test('copy a link, open it: the same cluster at the same instant', async ({ page, context }) => {
  const w = await openLab(page);
  const leader = await leaderOf(w);
  await w.getByRole('button', { name: `Isoler ${leader}` }).click();
  await w.getByRole('button', { name: 'Envoyer' }).click();
  await expect(w.locator(`[data-node-card][data-role="leader"]:not([data-node-card="${leader}"])`)).toHaveCount(1, LONG);
  await w.getByTestId('play').click(); // pause
  await w.getByTestId('copy-link').click();
  const url = await w.getByTestId('share-url').inputValue();
  expect(url).toMatch(/\/labo\/\?c=[zj][A-Za-z0-9_-]+$/);
  const clock = await w.getByTestId('clock').innerText();
  const cards = await w.locator('.cards').innerText();
  const quorum = await w.locator('.quorum').innerText();
  const logs = await w.locator('table').innerText();
  const p2 = await context.newPage();
  await p2.goto(url);
  const w2 = p2.locator('.cluster[data-hydrated="true"]');
  await expect(w2.getByTestId('clock')).toHaveText(clock, LONG);
  await expect.poll(() => w2.locator('.cards').innerText()).toBe(cards);
  await expect.poll(() => w2.locator('.quorum').innerText()).toBe(quorum);
  await expect.poll(() => w2.locator('table').innerText()).toBe(logs);
  await expect(w2.getByTestId('network-state')).toContainText(`{${leader}}`);
});

test('a malformed link shows a short notice and a working default cluster', async ({ page }) => {
  for (const bad of ['zNOTVALID', 'j' + Buffer.from('{"v":1,"s":{"seed":1},"i":[],"t":0}').toString('base64url'), '%%%']) {
    const w = await openLab(page, `?speed=10&c=${encodeURIComponent(bad)}`);
    await expect(w.getByTestId('notice')).toContainText('Lien de partage illisible');
    await leaderOf(w);
    await expect(w.locator('[data-node-card]')).toHaveCount(3);
  }
});

test('a whole scenario with the keyboard alone', async ({ page }) => {
  test.setTimeout(150_000);
  const w = await openLab(page);
  const leader = await leaderOf(w);
  /** Tab forward until the focused element has this accessible name, then press Enter. */
  async function tabTo(name: string | RegExp, key = 'Enter') {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? (el.getAttribute('aria-label') ?? el.innerText ?? '').trim() : '';
      });
      if (typeof name === 'string' ? label === name : name.test(label)) {
        if (key) await page.keyboard.press(key);
        return;
      }
    }
    throw new Error(`never reached ${name} with Tab`);
  }
  const start = () => w.getByTestId('play').focus(); // start tabbing from the widget's first control
  await start();
  await tabTo(`Arrêter ${leader}`);
  await expect(w.locator(`[data-node-card="${leader}"]`)).toHaveAttribute('data-role', 'down');
  await expect(w.locator(`[data-node-card][data-role="leader"]:not([data-node-card="${leader}"])`)).toHaveCount(1, LONG);
  await start();
  await tabTo('Envoyer');
  await expect(w.getByTestId('op').first()).toHaveAttribute('data-status', 'ok', LONG);
  await start();
  await tabTo(`Redémarrer ${leader}`, ' ');
  await expect(w.locator(`[data-node-card="${leader}"]`)).toHaveAttribute('data-role', 'follower', LONG);
  // Pause with the keyboard, step once, go back in time with the scrubber's arrow keys.
  await start(); // focus is on Pause/Lecture
  await page.keyboard.press('Enter');
  await expect(w.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const before = await w.getByTestId('clock').innerText();
  await page.keyboard.press('Tab');
  await expect(w.getByTestId('step')).toBeFocused();
  // "Événement suivant": two events may fall within the same displayed millisecond, so press until it moves.
  for (let i = 0; i < 10 && (await w.getByTestId('clock').innerText()) === before; i++) await page.keyboard.press('Enter');
  await expect(w.getByTestId('clock')).not.toHaveText(before);
  await start();
  const scrub = w.getByTestId('scrubber');
  for (let i = 0; i < 200 && !(await scrub.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Home');
  await expect(w.getByTestId('clock')).toContainText('0,000');
});

test('the sandbox has no serious accessibility violation, in both languages', async ({ page }) => {
  test.setTimeout(150_000);
  for (const path of ['/labo/', '/en/labo/']) {
    await openLab(page, '', path);
    const r = await new AxeBuilder({ page }).include('.cluster').analyze();
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});

test('English strings on the English sandbox', async ({ page }) => {
  const w = await openLab(page, '?speed=10', '/en/labo/');
  await leaderOf(w);
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum reached: writes go through');
  await expect(w.getByRole('button', { name: 'Copy link' })).toBeVisible();
});
