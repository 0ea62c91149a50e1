// The live cluster widget, driven as a reader would, on the sandbox (/labo/) and on lessons. Virtual time is
// driven through the widget test hook (tests/e2e/helpers/cluster.ts): no test waits for an animation.
import { type Locator, type Page } from '@playwright/test';
import { test, expect } from './helpers/base';
import { axeViolations } from './helpers/axe';
import { act, advance, now, takeControl, waitFor, waitForLastOp, waitForLeader, waitForQuorumState } from './helpers/cluster';

async function open(page: Page, path = '/labo/', id = 'labo'): Promise<Locator> {
  await page.goto(path);
  // Lesson widgets hydrate when visible (client:visible): bring it on screen first.
  await page.locator(`.cluster[data-cluster-id="${id}"]`).scrollIntoViewIfNeeded();
  const w = page.locator(`.cluster[data-cluster-id="${id}"][data-hydrated="true"]`);
  await expect(w).toHaveCount(1, { timeout: 30_000 });
  await takeControl(page, id);
  return w;
}

/** A share code in the documented plain format ("j" + base64url(JSON)), for a starting scenario. */
function linkFor(scenario: object, injected: object[] = [], t = 0): string {
  const json = JSON.stringify({ v: 1, s: scenario, i: injected, t });
  return 'j' + Buffer.from(json).toString('base64url');
}
const FOUR = { seed: 4, members: ['n1', 'n2', 'n3', 'n4'], until: 3600000, events: [] };

test('crashing the leader: an election is announced as such (not "quorum lost"), then a new leader', async ({ page }) => {
  const w = await open(page);
  const old = await waitForLeader(page, 'labo');
  await w.getByRole('button', { name: `Arrêter ${old}` }).click();
  await expect(w.locator(`[data-node-card="${old}"]`)).toHaveAttribute('data-role', 'down');
  // The majority is alive: the panel says an election is under way, and one more failure is still tolerated.
  await expect(w.getByTestId('quorum-state')).toContainText('Élection en cours');
  await expect(w.getByTestId('quorum-state')).not.toContainText('Quorum perdu');
  await expect(w.getByTestId('quorum-tolerated')).toHaveText('0');
  const fresh = await waitForLeader(page, 'labo', { not: old });
  await expect(w.locator(`[data-node-card="${fresh}"]`)).toHaveAttribute('data-role', 'leader');
  await expect(w.getByTestId('announce')).toContainText(/Nouveau leader|Quorum/);
  await expect(w.getByTestId('events')).toContainText(`${fresh} obtient une majorité de votes`);
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum atteint');
});

test('crash two of three: quorum lost, a write times out; restart: quorum back, logs catch up', async ({ page }) => {
  const w = await open(page);
  const leader = await waitForLeader(page, 'labo');
  await w.getByRole('button', { name: 'Envoyer' }).click();
  expect(await waitForLastOp(page, 'labo')).toBe('ok');
  const followers = ['n1', 'n2', 'n3'].filter((n) => n !== leader);
  for (const f of followers) await w.getByRole('button', { name: `Arrêter ${f}` }).click();
  await waitForQuorumState(page, 'labo', 'lost');
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum perdu');
  await expect(w.getByTestId('quorum-tolerated')).toHaveText('0');
  await w.getByRole('button', { name: 'Envoyer' }).click();
  expect(await waitForLastOp(page, 'labo')).toMatch(/fail|info/);
  await expect(w.getByTestId('op').first()).toContainText(/refusée|délai dépassé/);
  for (const f of followers) await w.getByRole('button', { name: `Redémarrer ${f}` }).click();
  await waitForQuorumState(page, 'labo', 'healthy');
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum atteint');
  // The instant a leader wins, the other members have not heard of it yet, and a put sent to one of them is
  // refused ("no leader"), as etcd does: wait for the leader's first heartbeat, as any reader's click would.
  await waitFor(page, 'labo', (c) => c.nodes().every((n) => !n.up || n.leader === c.leader()));
  await w.getByRole('button', { name: 'Envoyer' }).click();
  expect(await waitForLastOp(page, 'labo')).toBe('ok');
  await waitFor(page, 'labo', (c) => new Set(c.nodes().map((n) => `${n.lastIndex}/${n.commitIndex}`)).size === 1);
  const rows = w.locator('table tbody tr');
  const summaries = async () => (await rows.allInnerTexts()).map((r) => /\((?:dernier|last) (\d+), commit (\d+)\)/.exec(r)?.slice(1).join('/'));
  expect(new Set(await summaries()).size).toBe(1);
});

test('four nodes split 2/2: quorum lost on both sides, and it stays so until the network heals', async ({ page }) => {
  const w = await open(page, `/labo/?c=${linkFor(FOUR)}`);
  await expect(w.getByTestId('notice')).toHaveCount(0);
  await waitForLeader(page, 'labo');
  await expect(w.getByTestId('quorum-voters')).toContainText('4');
  await expect(w.getByTestId('quorum-size')).toContainText('3');
  await w.getByLabel('Zone de n3').selectOption('B');
  await w.getByLabel('Zone de n4').selectOption('B');
  await w.getByRole('button', { name: 'Couper le réseau' }).click();
  await expect(w.getByTestId('network-state')).toContainText('{n1, n2} | {n3, n4}');
  await waitForQuorumState(page, 'labo', 'lost');
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum perdu');
  await expect(w.getByTestId('quorum-reachable')).toContainText('2');
  await advance(page, 'labo', 10_000); // ten more virtual seconds: still no leader that can commit
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum perdu');
  await expect(w.locator('[data-node-card][data-role="leader"]:not(.stale)')).toHaveCount(0);
  await w.getByRole('button', { name: 'Rétablir le réseau' }).click();
  await waitForLeader(page, 'labo');
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum atteint');
});

test('scrub back to the start and forward again to the same state', async ({ page }) => {
  const w = await open(page);
  const leader = await waitForLeader(page, 'labo');
  await w.getByRole('button', { name: `Arrêter ${leader}` }).click();
  await waitForLeader(page, 'labo', { not: leader });
  const clockEnd = await w.getByTestId('clock').innerText();
  const cardsEnd = await w.locator('.cards').innerText();
  await w.getByTestId('scrubber').focus();
  await page.keyboard.press('Home');
  await expect(w.getByTestId('clock')).toContainText('0,000');
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(0);
  await expect(w.locator('[data-node-card][data-role="down"]')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(w.getByTestId('clock')).toHaveText(clockEnd);
  await expect.poll(() => w.locator('.cards').innerText()).toBe(cardsEnd);
});

test('copy a link, open it: the same cluster at the same instant', async ({ page, context }) => {
  const w = await open(page);
  const leader = await waitForLeader(page, 'labo');
  await w.getByRole('button', { name: `Isoler ${leader}` }).click();
  await w.getByRole('button', { name: 'Envoyer' }).click();
  await waitForLeader(page, 'labo', { not: leader });
  await w.getByTestId('copy-link').click();
  const url = await w.getByTestId('share-url').inputValue();
  expect(url).toMatch(/\/labo\/\?c=[zj][A-Za-z0-9_-]+$/);
  const clock = await w.getByTestId('clock').innerText();
  const cards = await w.locator('.cards').innerText();
  const quorum = await w.locator('.quorum').innerText();
  // textContent, not innerText: the log table is off-screen here, and an off-screen table is not rendered
  // (content-visibility: auto, issue 17), so it has no innerText; its content is the same either way.
  const logs = await w.locator('table').textContent();
  const p2 = await context.newPage();
  await p2.goto(url);
  const w2 = p2.locator('.cluster[data-hydrated="true"]');
  await expect(w2.getByTestId('clock')).toHaveText(clock, { timeout: 30_000 });
  await expect.poll(() => w2.locator('.cards').innerText()).toBe(cards);
  await expect.poll(() => w2.locator('.quorum').innerText()).toBe(quorum);
  await expect.poll(() => w2.locator('table').textContent()).toBe(logs);
  await expect(w2.getByTestId('network-state')).toContainText(`{${leader}}`);
});

test('a malformed link shows a short notice and a working default cluster', async ({ page }) => {
  for (const bad of ['zNOTVALID', 'j' + Buffer.from('{"v":1,"s":{"seed":1},"i":[],"t":0}').toString('base64url'), '%%%']) {
    const w = await open(page, `/labo/?c=${encodeURIComponent(bad)}`);
    await expect(w.getByTestId('notice')).toContainText('Lien de partage illisible');
    await waitForLeader(page, 'labo');
    await expect(w.locator('[data-node-card]')).toHaveCount(3);
  }
});

test('a link that would take too long replays silently in slices, keeps the page responsive, and says where it stopped', async ({ page }) => {
  // Issue 13 item 9: 9 nodes, heartbeat 1 ms, loss 0.5, instant 1 h. The schema accepts it.
  const code = 'zPYzRCoJAEEX_5T4P4Wpa7T_0Er2JD6sOtaSrrKMR4r_HGDQPZ7j3wlmxwBrCBLtiYm731HNfc5xgSwQDQkgVmeKoyBWF4qQ4Ky6oCOJ7Hx7qerKLUrOT67QrueNG_BDuvudh3tuU0Dnh0Hw0lQmZaiMElvcQX-po4zDenDBscsgJ7Tx2vnHCv85shDmI72CzItEj8MJBVKYmr58g_337Ag';
  await page.goto(`/labo/?c=${code}`);
  // While it replays, the page keeps painting frames (a frozen main thread would paint none).
  const frames = await page.evaluate(() => new Promise<number>((resolve) => {
    let n = 0;
    const tick = () => (++n >= 10 ? resolve(n) : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }));
  expect(frames).toBe(10);
  const w = page.locator('.cluster[data-hydrated="true"]');
  await expect(w.getByTestId('notice')).toContainText('trop de calcul', { timeout: 60_000 });
  await expect(w.locator('[data-node-card]')).toHaveCount(9);
  await expect(w.getByTestId('replaying')).toHaveCount(0);
  await expect(w.getByTestId('play')).toBeEnabled();
});

test('keyboard: focus stays on the control after Arrêter / Redémarrer; a whole scenario with the keyboard alone', async ({ page }) => {
  const w = await open(page);
  const leader = await waitForLeader(page, 'labo');
  const stop = w.getByRole('button', { name: `Arrêter ${leader}` });
  await stop.focus();
  await page.keyboard.press('Enter');
  const restart = w.getByRole('button', { name: `Redémarrer ${leader}` });
  await expect(restart).toBeFocused();
  await waitForLeader(page, 'labo', { not: leader });
  await page.keyboard.press(' ');
  await expect(w.getByRole('button', { name: `Arrêter ${leader}` })).toBeFocused();
  await expect(w.locator(`[data-node-card="${leader}"]`)).toHaveAttribute('data-role', 'follower');
  // Start / pause, skip the wait, step, and back in time with the scrubber's keys.
  await w.getByTestId('play').focus();
  await page.keyboard.press('Enter');
  await expect(w.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Enter');
  await expect(w.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const before = await now(page, 'labo');
  await page.keyboard.press('Tab');
  await expect(w.getByTestId('skip')).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await now(page, 'labo')).toBeGreaterThan(before);
  await w.getByTestId('scrubber').focus();
  await page.keyboard.press('Home');
  await expect(w.getByTestId('clock')).toContainText('0,000');
});

test('the sandbox has no serious accessibility violation, in both languages and both themes', async ({ page }) => {
  test.setTimeout(180_000);
  for (const path of ['/labo/', '/en/labo/']) {
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme as 'light' | 'dark' });
      await open(page, path);
      const found = await axeViolations(page, { include: '.cluster' });
      expect(found.map((v) => `${theme} ${path} ${v}`)).toEqual([]);
    }
  }
});

test('the widget\'s headings fit the page outline: h2 in the sandbox, h3 in a lesson section, h4 in an exercise', async ({ page }) => {
  for (const [path, level] of [['/labo/', 2], ['/en/labo/', 2], ['/cours/04-raft/', 3]] as const) {
    await page.goto(path);
    const w = page.locator('.cluster').first();
    await expect(w.locator(`h${level}`, { hasText: /Ce qui se passe|What is happening/ })).toHaveCount(1);
    expect((await axeViolations(page, { rules: ['heading-order'], all: true })).map((v) => `${path} ${v}`)).toEqual([]);
  }
  // Lesson 04's exercise (its own h3 title) embeds a cluster whose headings come under it.
  const exercise = page.locator('.exercise .cluster').first();
  await expect(exercise.locator('h4').first()).toBeAttached();
  await expect(exercise.locator('h2, h3')).toHaveCount(0);
});

test('English strings on the English sandbox', async ({ page }) => {
  const w = await open(page, '/en/labo/');
  await waitForLeader(page, 'labo');
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum reached: writes go through');
  await expect(w.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await expect(w.getByTestId('play')).toHaveText(/Start|Pause/);
  await expect(w.getByTestId('clock')).toContainText('Virtual time: ');
});

// ---------------------------------------------------------------- lessons

const L05 = '/cours/05-trois-noeuds/';

test('lesson 05: the learner takes over the scripted story; the note says so, the script stops, replay brings it back', async ({ page }) => {
  const w = await open(page, L05, 'c5-exemple');
  const leader = await waitForLeader(page, 'c5-exemple');
  await expect(w.getByTestId('takeover')).toHaveCount(0);
  await w.getByRole('button', { name: `Arrêter ${leader}` }).click();
  await expect(w.getByTestId('takeover')).toContainText('Vous avez pris la main\u00a0: le scénario s’arrête ici.');
  // The scenario would have stopped "the leader" at 4 s (the new one): it does not.
  const fresh = await waitForLeader(page, 'c5-exemple', { not: leader });
  await advance(page, 'c5-exemple', 8000);
  await expect(w.locator(`[data-node-card="${fresh}"]`)).toHaveAttribute('data-role', 'leader');
  await expect(w.getByTestId('quorum-state')).toContainText('Quorum atteint');
  await w.getByTestId('replay-story').click();
  await expect(w.getByTestId('takeover')).toHaveCount(0);
  await advance(page, 'c5-exemple', 4500);
  // Scripted lines are marked as the scenario's.
  await expect(w.locator('[data-testid="events"] li.scripted').first()).toContainText('Scénario');
  await expect(w.locator('[data-testid="events"] li.scripted', { hasText: 'tombe en panne' })).toHaveCount(1);
});

test('lesson widgets show what the lesson needs; the lab shows everything (no "Lecture" for play)', async ({ page }) => {
  const w = await open(page, L05, 'c5-exemple');
  await expect(w.getByTestId('play')).toHaveText(/Démarrer|Pause/);
  await expect(w.getByTestId('play')).not.toHaveText(/Lecture/);
  await expect(w.getByTestId('speed')).toBeVisible();
  await expect(w.getByTestId('skip')).toBeVisible();
  await expect(w.getByTestId('legend')).toContainText('délai d’élection');
  for (const id of ['seed', 'scrubber', 'step']) await expect(w.getByTestId(id)).toHaveCount(0);
  const options = await w.getByTestId('speed').locator('option').allInnerTexts();
  expect(options[0]).toBe('0,25×');
  expect(options.at(-1)).toBe('10×');
  const lab = await open(page);
  for (const id of ['seed', 'scrubber', 'step', 'speed', 'skip']) await expect(lab.getByTestId(id)).toBeVisible();
});

test('at 1280×800 the ring, the quorum state, the node actions and the latest events fit in 720 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const [path, id] of [[L05, 'c5-exemple'], ['/cours/07-nombre-pair/', 'c7-quatre'], ['/labo/', 'labo']]) {
    const w = await open(page, path, id);
    await waitForLeader(page, id);
    const boxes = await Promise.all(
      [w.locator('svg.ring'), w.getByTestId('quorum-state'), w.locator('.cards'), w.getByTestId('events')].map((l) => l.boundingBox()),
    );
    const top = Math.min(...boxes.map((b) => b!.y));
    const bottom = Math.max(...boxes.map((b) => b!.y + b!.height));
    expect(bottom - top, `${path}: ring, quorum, actions and events span ${bottom - top} px`).toBeLessThanOrEqual(720);
  }
});

test('on a phone, tapping a node opens its actions on the node, with 44 px targets', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const w = await open(page, L05, 'c5-quorum');
  const leader = await waitForLeader(page, 'c5-quorum');
  await w.locator(`[data-ring-node="${leader}"]`).click();
  const menu = w.getByTestId('node-menu');
  await expect(menu).toBeVisible();
  const stop = menu.getByRole('button', { name: `Arrêter ${leader}` });
  const box = (await stop.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(box.width).toBeGreaterThanOrEqual(44);
  // The menu is drawn over the ring, where the finger is.
  const ring = (await w.locator('svg.ring').boundingBox())!;
  expect(box.y).toBeGreaterThan(ring.y - 60);
  expect(box.y).toBeLessThan(ring.y + ring.height);
  await stop.click();
  await expect(w.locator(`[data-node-card="${leader}"]`)).toHaveAttribute('data-role', 'down');
});

test('drawing: a 4-node ring keeps every label inside the picture; request words never run together; no emoji icon', async ({ page }) => {
  const w = await open(page, '/cours/07-nombre-pair/', 'c7-quatre');
  await waitForLeader(page, 'c7-quatre');
  const overflow = await w.locator('svg.ring').evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect()).filter((b) => b.bottom > r.bottom + 0.5 || b.top < r.top - 0.5).length;
  });
  expect(overflow).toBe(0);
  const lab = await open(page);
  const leader = await waitForLeader(page, 'labo');
  await act(page, 'labo', { action: 'crash', node: leader });
  await act(page, 'labo', { action: 'put', key: 'k', value: 'v', node: leader });
  expect(await waitForLastOp(page, 'labo')).toBe('fail');
  const text = await lab.getByTestId('op').first().innerText();
  expect(text).toMatch(/refusée \(dial tcp/);
  expect(text).not.toContain('⏱');
});

test('user text is isolated: a right-to-left override in a value does not reorder the widget', async ({ page }) => {
  const w = await open(page);
  await waitForLeader(page, 'labo');
  await act(page, 'labo', { action: 'put', key: 'txt', value: '\u202Eabc' });
  expect(await waitForLastOp(page, 'labo')).toBe('ok');
  const op = w.getByTestId('op').first();
  await expect(op.locator('bdi')).toHaveCount(2);
  expect(await op.locator('bdi').nth(1).evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe('isolate');
  await expect(op.locator('strong')).toHaveText('réussie');
  // In the event log the value sits between isolates (FSI … PDI).
  await expect(w.getByTestId('events')).toContainText('\u2068\u202Eabc\u2069');
});

test('messages in flight are drawn with their legend; with reduced motion they are not animated, and the legend says so', async ({ page }) => {
  const w = await open(page, '/cours/07-nombre-pair/', 'c7-quatre');
  await waitForLeader(page, 'c7-quatre');
  // Step virtual time a few ms at a time until a message is in flight (heartbeats leave every 100 ms).
  await expect.poll(async () => {
    await advance(page, 'c7-quatre', 7);
    return w.locator('.msgs .msg').count();
  }).toBeGreaterThan(0);
  const legend = w.getByTestId('legend');
  await expect(legend.getByText('V demande de vote')).toBeVisible();
  await expect(legend.getByText('délai d’élection')).toBeVisible();
  await expect(legend.getByText('Mouvements réduits')).toBeHidden();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(legend.getByText('Mouvements réduits')).toBeVisible();
  await expect(legend.getByText('V demande de vote')).toBeHidden();
  await advance(page, 'c7-quatre', 50);
  await expect(w.locator('.msgs')).toHaveCount(0);
});

test('\'messages\' gives a switch that hides the messages in flight and shows them again; without it, no switch', async ({ page }) => {
  const w = await open(page, '/cours/04-raft/', 'c4-raft');
  await waitForLeader(page, 'c4-raft');
  const inFlight = async () => {
    await advance(page, 'c4-raft', 7);
    return w.locator('.msgs .msg').count();
  };
  // Step virtual time a few ms at a time until a message is in flight (heartbeats leave every 100 ms): a counted
  // loop, not expect.poll, whose few tries in its time limit can all fall between two messages.
  const untilInFlight = async () => {
    let n = 0;
    for (let i = 0; i < 150 && n === 0; i++) n = await inFlight();
    return n;
  };
  expect(await untilInFlight()).toBeGreaterThan(0);
  const show = w.getByRole('checkbox', { name: 'Montrer les messages' });
  await expect(show).toBeChecked();
  await show.uncheck();
  await expect(w.locator('.msgs')).toHaveCount(0);
  // Hidden, not stopped: virtual time goes on (heartbeats leave every 100 ms), and none is drawn.
  for (let i = 0; i < 20; i++) expect(await inFlight()).toBe(0);
  await expect(w.locator('[data-node-card][data-role="leader"]')).toHaveCount(1);
  await show.check();
  expect(await untilInFlight()).toBeGreaterThan(0);
  // A widget without the control always draws them, with no switch.
  const c7 = await open(page, '/cours/07-nombre-pair/', 'c7-quatre');
  await expect(c7.getByTestId('show-messages')).toHaveCount(0);
});

test('a request "to the cluster" reaches the leader after the old one stopped, and the list says who answered', async ({ page }) => {
  const w = await open(page, L05, 'c5-quorum');
  const leader = await waitForLeader(page, 'c5-quorum');
  await w.getByRole('button', { name: `Arrêter ${leader}` }).click();
  await waitForLeader(page, 'c5-quorum', { not: leader });
  await w.getByRole('button', { name: 'Envoyer' }).click();
  expect(await waitForLastOp(page, 'c5-quorum')).toBe('ok');
  // The client moved on from the stopped member to one that answered (etcd clientv3's endpoint list).
  const by = await page.evaluate(() => (window as unknown as { quorumLab: { cluster(id: string): { ops(): { answeredBy?: string }[] } } }).quorumLab.cluster('c5-quorum').ops().at(-1)!.answeredBy);
  expect(by).toBeTruthy();
  expect(by).not.toBe(leader);
  await expect(w.getByTestId('op').first()).toContainText(`répondu par ${by}`);
});
