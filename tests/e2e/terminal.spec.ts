// The etcdctl terminal beside the cluster widget (lesson 10): commands act on the same cluster, crashing nodes
// in the widget changes what `endpoint status` and `put` answer, history and Tab completion work, and what the
// reader types is shown as text, never as markup.
import { type Locator, type Page } from '@playwright/test';
import { test, expect } from './helpers/base';
import { axeViolations } from './helpers/axe';
import { takeControl, waitForLeader, waitForQuorumState } from './helpers/cluster';

const LONG = { timeout: 30_000 };
const LESSON = '/cours/10-aller-plus-loin/';

/** Open a page with a terminal beside a cluster widget; the widget is paused (test hook) once a leader holds a
 *  quorum, so that only the terminal's commands move the shared virtual clock: outputs are deterministic. */
async function open(page: Page, path = LESSON): Promise<{ term: Locator; input: Locator; out: Locator; cluster: Locator; id: string }> {
  await page.goto(path);
  const term = page.locator('section.terminal');
  await term.scrollIntoViewIfNeeded();
  await expect(term).toHaveAttribute('data-ready', 'true', LONG);
  const cluster = page.locator('.cluster[data-hydrated="true"]');
  await expect(cluster).toHaveCount(1, LONG);
  const id = (await cluster.getAttribute('data-cluster-id')) ?? '';
  await takeControl(page, id);
  await waitForLeader(page, id);
  return { term, input: term.getByRole('textbox', { name: /etcdctl/ }), out: term.locator('pre.scrollback'), cluster, id };
}

async function run(term: Locator, input: Locator, line: string): Promise<void> {
  await input.fill(line);
  await input.press('Enter');
  await expect(term).toHaveAttribute('data-busy', 'false', LONG);
}

/** The text printed after the last echo of `line`. */
async function outputOf(out: Locator, line: string): Promise<string> {
  const text = (await out.textContent()) ?? '';
  const at = text.lastIndexOf(`$ ${line}\n`);
  return at < 0 ? '' : text.slice(at + line.length + 3);
}

test('put, get, endpoint status through the shared cluster; crashing two nodes in the widget loses quorum', async ({ page }) => {
  const { term, input, out, cluster, id } = await open(page);
  await expect(out).toContainText('etcdctl 3.4.23');

  await run(term, input, 'etcdctl put foo bar');
  expect(await outputOf(out, 'etcdctl put foo bar')).toBe('OK\n');
  await run(term, input, 'etcdctl get foo');
  expect(await outputOf(out, 'etcdctl get foo')).toBe('foo\nbar\n');

  await run(term, input, 'etcdctl endpoint status -w table');
  let status = await outputOf(out, 'etcdctl endpoint status -w table');
  expect(status).toContain('| RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |');
  expect(status.match(/\|\s+true \|\s+false \|/g)?.length).toBe(1); // exactly one leader
  expect(status).not.toContain('no leader');

  // Crash two of the three nodes with the widget's own buttons.
  for (const n of ['n1', 'n2']) {
    await cluster.getByRole('button', { name: `Arrêter ${n}` }).click();
    await expect(cluster.locator(`[data-node-card="${n}"]`)).toHaveAttribute('data-role', 'down');
  }

  await run(term, input, 'etcdctl --endpoints=127.0.0.1:22383 put foo baz');
  const put = await outputOf(out, 'etcdctl --endpoints=127.0.0.1:22383 put foo baz');
  expect(put).toMatch(/\(attente de 5\u00a0s raccourcie/);
  expect(put).toMatch(/"msg":"retrying of unary invoker failed"/);
  expect(put).toMatch(/Error: (context deadline exceeded|rpc error: code = Unknown desc = context deadline exceeded)\n$/);

  await run(term, input, 'etcdctl endpoint status -w table');
  status = await outputOf(out, 'etcdctl endpoint status -w table');
  expect(status).toContain('Failed to get the status of endpoint 127.0.0.1:22381 (context deadline exceeded)');
  expect(status).toContain('Failed to get the status of endpoint 127.0.0.1:22382 (context deadline exceeded)');
  expect(status).toMatch(/\| 127\.0\.0\.1:22383 \|.*\| etcdserver: no leader \|/);

  // The serializable read still answers from the survivor's copy.
  await run(term, input, 'etcdctl --endpoints=127.0.0.1:22383 get foo --consistency=s');
  expect(await outputOf(out, 'etcdctl --endpoints=127.0.0.1:22383 get foo --consistency=s')).toBe('foo\nbar\n');

  // Restart one node in the widget: quorum is back, a put succeeds again.
  await cluster.getByRole('button', { name: 'Redémarrer n1' }).click();
  await waitForQuorumState(page, id, 'healthy');
  await expect(cluster.getByTestId('quorum-state')).toContainText('Quorum atteint');
  await run(term, input, 'etcdctl put foo again');
  expect(await outputOf(out, 'etcdctl put foo again')).toBe('OK\n');
});

test('history with the arrow keys, Tab completion, usage errors', async ({ page }) => {
  const { term, input, out } = await open(page);
  await run(term, input, 'etcdctl put k1 v1');
  await run(term, input, 'etcdctl get k1');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('etcdctl get k1');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('etcdctl put k1 v1');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('etcdctl get k1');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('');

  await input.fill('etcdctl mem');
  await input.press('Tab');
  await expect(input).toHaveValue('etcdctl member ');
  await input.pressSequentially('li');
  await input.press('Tab');
  await expect(input).toHaveValue('etcdctl member list ');
  await input.press('Enter');
  await expect(term).toHaveAttribute('data-busy', 'false', LONG);
  expect(await outputOf(out, 'etcdctl member list ')).toMatch(/, started, n1, http:\/\/127\.0\.0\.1:22481, http:\/\/127\.0\.0\.1:22381, false/);

  await run(term, input, 'etcdctl gte foo');
  expect(await outputOf(out, 'etcdctl gte foo')).toContain('Error: unknown command "gte" for "etcdctl"');
  await run(term, input, 'etcdctl get foo --bogus');
  expect(await outputOf(out, 'etcdctl get foo --bogus')).toContain('Error: unknown flag: --bogus');
});

test('keys and values that look like markup are shown as text', async ({ page }) => {
  const { term, input, out } = await open(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const key = '<img src=x onerror=alert(1)>';
  await run(term, input, `etcdctl put '${key}' '<script>alert(2)</script>'`);
  await run(term, input, `etcdctl get '${key}'`);
  await expect(out).toContainText('<script>alert(2)</script>');
  await expect(out).toContainText(key);
  await expect(term.locator('img')).toHaveCount(0);
  await expect(term.locator('pre script')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('English page: strings in English, the shortened wait said so', async ({ page }) => {
  const { term, input, out, cluster } = await open(page, '/en/cours/10-aller-plus-loin/');
  await expect(out).toContainText('Simulated etcdctl 3.4.23');
  for (const n of ['n1', 'n2']) await cluster.getByRole('button', { name: `Crash ${n}` }).click();
  await run(term, input, 'etcdctl --endpoints=127.0.0.1:22383 get foo');
  expect(await outputOf(out, 'etcdctl --endpoints=127.0.0.1:22383 get foo')).toMatch(/# \(the 5\ss wait was shortened to \d(\.\d)?\ss for the course/);
});

test('the terminal passes axe, its input is labelled, and the lab page has one beside its cluster', async ({ page }) => {
  const { term, input } = await open(page, '/labo/');
  // Cleared (axe judges a labelled <pre> harsher when it holds no text), then with output.
  await input.fill('clear');
  await input.press('Enter');
  await expect(term.locator('.scrollback')).toHaveText('');
  expect(await axeViolations(page, { include: 'section.terminal', all: true })).toEqual([]);
  await run(term, input, 'etcdctl endpoint status -w table');
  await expect(input).toHaveAccessibleName('Commande etcdctl');
  expect(await axeViolations(page, { include: 'section.terminal', all: true })).toEqual([]);
  // Keyboard: Tab on an empty line leaves the field (no keyboard trap).
  await input.fill('');
  await input.focus();
  await page.keyboard.press('Tab');
  await expect(input).not.toBeFocused();
});

test('the terminal moves the shared clock and its requests show in the cluster widget (/labo/)', async ({ page }) => {
  const { term, input, cluster } = await open(page, '/labo/');
  const play = cluster.getByTestId('play');
  if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  // The clock in whole milliseconds ("2,345 s" → 2345): in seconds, 2.345 + 5 is 7.345000000000001, above the
  // 7.345 the clock then shows, and the test failed when the client's timeout ended exactly on time.
  const millis = async () => Number(((await cluster.getByTestId('clock').textContent()) ?? '').replace(/[^\d]/g, ''));
  const t0 = await millis();
  // An address outside the cluster: the client waits for its whole 5 s timeout, on the cluster's clock.
  await run(term, input, 'etcdctl --endpoints=127.0.0.1:2379 get foo');
  await expect.poll(millis).toBeGreaterThanOrEqual(t0 + 5000);
  await run(term, input, 'etcdctl put shared-key from-the-terminal');
  await expect(cluster).toContainText('shared-key');
});
