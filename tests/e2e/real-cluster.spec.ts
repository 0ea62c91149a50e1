// The real-cluster mode in Chromium against a real etcd 3.4 started by `npm run lab:etcd` (issue 19): the lab
// page, served by the bridge, drives real etcd processes. .ci/run installs etcd-server and etcd-client.
import { type Page } from '@playwright/test';
import { BASE, test, expect } from './helpers/base';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const hasEtcd = (() => {
  try {
    execFileSync('etcd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasEtcd && process.env.CI) throw new Error('etcd is required under CI (.ci/run installs etcd-server)');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startLab(members: number): Promise<{ proc: ChildProcess; url: string; endpoints: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/lab-etcd.ts', '--members', String(members), '--port', String(port), '--dist', process.env.DIST_DIR ?? 'dist'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => (out += d));
  proc.stderr?.on('data', (d) => (out += d));
  const end = Date.now() + 90_000;
  while (!/#token=/.test(out) && Date.now() < end && proc.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  const url = /(http:\/\/127\.0\.0\.1:\d+\/labo\/#token=[\w-]+)/.exec(out)?.[1];
  if (!url) throw new Error(`lab:etcd did not start: ${out}`);
  return { proc, url, endpoints: /endpoints: (\S+)/.exec(out)?.[1] ?? '' };
}

async function stopLab(lab: { proc: ChildProcess; endpoints: string }): Promise<void> {
  const exited = new Promise((r) => lab.proc.once('exit', r));
  lab.proc.kill('SIGINT');
  await exited;
  // Every member is gone: none of the endpoints answers.
  for (const ep of lab.endpoints.split(',')) {
    expect(() => execFileSync('etcdctl', [`--endpoints=${ep}`, '--dial-timeout=300ms', '--command-timeout=500ms', 'endpoint', 'health'], { stdio: 'pipe' })).toThrow();
  }
}

const role = (page: Page, node: string) => page.locator(`[data-real-cluster] [data-node="${node}"] [data-testid="role"]`);
async function leader(page: Page, except: string[] = []): Promise<string> {
  let found = '';
  await expect(async () => {
    for (const li of await page.locator('[data-real-cluster] [data-node]').all()) {
      const n = (await li.getAttribute('data-node')) as string;
      if (!except.includes(n) && (await li.locator('[data-testid="role"]').innerText()) === 'leader') found = n;
    }
    expect(found).not.toBe('');
  }).toPass({ timeout: 20_000 });
  return found;
}

test.describe('real etcd cluster', () => {
  test.skip(!hasEtcd, 'etcd is not installed');
  // `npm run lab:etcd` serves the build it is given at its own root, on the teacher's machine: a sub-path build
  // is for hosting, where there is no bridge (the last test, no switch without the bridge, still runs).
  const viaBridge = BASE === '/';
  test.describe.configure({ mode: 'serial', timeout: 120_000 });

  test('the lab drives a real 3-member cluster: leader, failover, quorum lost, heal, etcdctl', async ({ page }) => {
    test.skip(!viaBridge, 'the bridge serves a root build only');
    const lab = await startLab(3);
    try {
      await page.goto(lab.url);
      const real = page.locator('[data-real-cluster]');
      await expect(real.getByRole('heading', { name: 'Un vrai cluster etcd' })).toBeVisible({ timeout: 30_000 });
      // The simulated cluster is hidden while the real one is shown.
      await expect(page.locator('[data-cluster-embed]')).toBeHidden();
      const first = await leader(page);
      await expect(real.locator('.quorum')).toHaveAttribute('data-state', 'healthy');

      // Stop the leader: etcd elects another one.
      await real.getByRole('button', { name: `Arrêter (SIGKILL) ${first}` }).click();
      await expect(role(page, first)).toHaveText('en panne');
      const second = await leader(page, [first]);
      expect(second).not.toBe(first);

      // Stop a second member: the quorum is lost and a put fails with etcd's own error.
      await real.getByRole('button', { name: `Arrêter (SIGKILL) ${second}` }).click();
      await expect(real.locator('.quorum')).toHaveAttribute('data-state', 'lost', { timeout: 20_000 });
      await real.getByLabel('Clé').fill('k');
      await real.getByRole('button', { name: 'Écrire (put)' }).click();
      await expect(real.getByTestId('real-answer')).toContainText(/context deadline exceeded|etcdserver: request timed out|etcdserver: no leader/, { timeout: 20_000 });

      // Restart both: a leader again, and writes pass.
      await real.getByRole('button', { name: `Redémarrer ${first}` }).click();
      await real.getByRole('button', { name: `Redémarrer ${second}` }).click();
      await expect(real.locator('.quorum')).toHaveAttribute('data-state', 'healthy', { timeout: 30_000 });
      await real.getByRole('button', { name: 'Écrire (put)' }).click();
      await expect(real.getByTestId('real-answer')).toHaveText('OK', { timeout: 20_000 });

      // The terminal runs the real etcdctl: etcd's own table.
      await real.getByLabel('$ etcdctl').fill('endpoint status --cluster -w table');
      await real.getByRole('button', { name: 'Exécuter' }).click();
      await expect(real.getByTestId('real-terminal')).toContainText(/\| +ENDPOINT +\| +ID +\| +VERSION +\|/, { timeout: 20_000 });
      await expect(real.getByTestId('real-terminal')).toContainText('3.4.');
    } finally {
      await stopLab(lab);
    }
  });

  test('a 2/2 split of a real 4-member cluster stops writes on both sides', async ({ page }) => {
    test.skip(!viaBridge, 'the bridge serves a root build only');
    const lab = await startLab(4);
    try {
      await page.goto(lab.url);
      const real = page.locator('[data-real-cluster]');
      await leader(page);
      await real.getByRole('button', { name: 'Couper le réseau : n1, n2 | n3, n4' }).click();
      await expect(real.locator('.quorum')).toHaveAttribute('data-state', 'lost', { timeout: 20_000 });
      for (const ep of lab.endpoints.split(',')) {
        let failed = false;
        try {
          execFileSync('etcdctl', [`--endpoints=${ep}`, '--command-timeout=2s', 'put', 'split', 'x'], { stdio: 'pipe' });
        } catch {
          failed = true;
        }
        expect(failed, `a put through ${ep} during the split`).toBe(true);
      }
      await real.getByRole('button', { name: 'Rétablir le réseau' }).click();
      await expect(real.locator('.quorum')).toHaveAttribute('data-state', 'healthy', { timeout: 30_000 });
    } finally {
      await stopLab(lab);
    }
  });

  test('without the bridge, the lab shows no real-cluster switch', async ({ page }) => {
    await page.goto('/labo/#token=abcdefghijklmnopqrstuvwxyz');
    await expect(page.locator('[data-cluster-embed]').first()).toBeVisible();
    await expect(page.locator('[data-real-cluster]')).toHaveCount(0);
  });
});
