// The real-cluster mode against a real etcd (issue 19): Debian's etcd-server and etcd-client, installed by
// .ci/run. Without etcd the suite is skipped on a developer's machine and fails under CI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { EtcdCluster, findBinary, freePort } from '../../../src/bridge/etcd';
import { startBridge } from '../../../src/bridge/server';
import { bridgeClient } from '../../../src/bridge/protocol';
import type http from 'node:http';

const etcd = findBinary('etcd');
const etcdctl = findBinary('etcdctl');
const have = etcd !== null && etcdctl !== null;
if (!have && process.env.CI) throw new Error('etcd and etcdctl are required under CI (.ci/run installs etcd-server and etcd-client)');

const leaderOf = async (c: EtcdCluster) => (await c.state()).members.find((m) => m.role === 'leader')?.name ?? null;
// When a wait on the real cluster fails, say what etcd saw: each member's state and the end of its log.
const explain = async (c: EtcdCluster, e: unknown): Promise<never> => {
  const state = await c.state().catch(() => null);
  const lines = state?.members.map((m) => `${m.name}: ${m.role ?? 'silent'} term ${m.term} leader ${m.leader} index ${m.raftIndex}`) ?? [];
  const logs = c.members.map((m) => {
    const f = c.logPath(m.name);
    const tail = existsSync(f) ? readFileSync(f, 'utf8').trimEnd().split('\n').slice(-12) : [];
    return [`--- ${m.name}.log`, ...tail].join('\n');
  });
  if (process.env.QL_KEEP_ETCD) cpSync(c.dir, path.join(process.env.QL_KEEP_ETCD, path.basename(c.dir)), { recursive: true });
  throw new Error([String(e), ...lines, ...logs].join('\n'));
};
// How long a healed cluster may take to accept writes again. Usually under 3 s; on a loaded machine (a CI run,
// WAL fsyncs queued behind other writes) etcd may go through several elections first, and one CI run took
// more than 20 s. The wait ends as soon as a write goes through, so a generous bound costs nothing.
const HEAL_MS = 40_000;
const putVia = (c: EtcdCluster, node: string, key: string, timeout = '2s') => c.etcdctl([`--endpoints=${c.endpoints([node])}`, `--command-timeout=${timeout}`, 'put', key, 'v']);

describe.skipIf(!have)('a real etcd cluster driven through the bridge', () => {
  let c: EtcdCluster;
  let server: http.Server;
  const token = 'test-token-0123456789abcdef';
  let api: ReturnType<typeof bridgeClient>;

  beforeAll(async () => {
    c = new EtcdCluster({ size: 3, etcd: etcd as string, etcdctl: etcdctl as string });
    await c.start();
    server = await startBridge(c, { port: 0 as number, token, origins: ['http://127.0.0.1:4321'] }, 'test').catch(async () => {
      throw new Error('bridge did not start');
    });
    const port = (server.address() as { port: number }).port;
    // The gate checks Host against the port it was given: restart on the real port.
    await new Promise<void>((r) => server.close(() => r()));
    server = await startBridge(c, { port, token, origins: ['http://127.0.0.1:4321'] }, 'test');
    api = bridgeClient({ url: `http://127.0.0.1:${port}`, token });
  }, 60_000);

  afterAll(async () => {
    server?.close();
    const dir = c?.dir;
    await c?.stop();
    const left = c ? c.members.filter((m) => m.proc !== null) : [];
    expect(left).toEqual([]);
    if (dir) expect(existsSync(dir)).toBe(false);
  }, 30_000);

  it('shows the leader etcd elected, and the terminal prints etcd\'s own table', async () => {
    const s = await api.state();
    const leaders = s.members.filter((m) => m.role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(s.members.every((m) => m.leader === leaders[0].name)).toBe(true);
    const out = await api.etcdctl(['endpoint', 'status', '--cluster', '-w', 'table']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/\| +ENDPOINT +\| +ID +\| +VERSION +\| +DB SIZE +\| +IS LEADER +\|/);
    expect(out.stdout.match(/\| +true +\|/g)).toHaveLength(1);
  });

  it('a stopped leader is replaced by etcd; a second stop makes a put fail with etcd\'s error; restarting heals', async () => {
    const first = await leaderOf(c);
    expect(first).not.toBeNull();
    await api.act({ action: 'crash', node: first as string });
    await c.waitFor(async () => {
      const l = await leaderOf(c);
      return l !== null && l !== first;
    }, 15_000, 'no new leader').catch((e) => explain(c, e));
    const second = (await leaderOf(c)) as string;
    expect((await api.act({ action: 'put', key: 'k', value: '1' })).ok).toBe(true);
    await api.act({ action: 'crash', node: second });
    const last = c.members.find((m) => m.proc !== null)?.name as string;
    const failed = await putVia(c, last, 'k2');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/context deadline exceeded|etcdserver: request timed out|etcdserver: no leader/);
    await api.act({ action: 'restart', node: first as string });
    await api.act({ action: 'restart', node: second });
    await c.waitFor(async () => (await putVia(c, last, 'k3')).code === 0, HEAL_MS, 'writes did not come back').catch((e) => explain(c, e));
    const got = await api.act({ action: 'get', key: 'k' });
    expect(got.result?.stdout).toBe('k\n1\n');
  }, 90_000);
});

describe.skipIf(!have)('a 2/2 split of a real 4-member cluster', () => {
  let c: EtcdCluster;
  afterAll(async () => {
    await c?.stop();
  }, 30_000);

  it('stops writes on both sides, and healing brings them back', async () => {
    c = new EtcdCluster({ size: 4, etcd: etcd as string, etcdctl: etcdctl as string });
    await c.start();
    c.setPartition([['n1', 'n2'], ['n3', 'n4']]);
    // The old leader steps down (CheckQuorum) within an election timeout; then neither side can commit.
    await c.waitFor(async () => (await leaderOf(c)) === null, 10_000, 'a leader stayed in a 2/2 split').catch((e) => explain(c, e));
    for (const n of ['n1', 'n3']) {
      const r = await putVia(c, n, `split-${n}`);
      expect(r.code, `put through ${n}`).not.toBe(0);
    }
    c.setPartition(null);
    await c.waitFor(async () => (await putVia(c, 'n1', 'healed')).code === 0, HEAL_MS, 'writes did not come back after healing').catch((e) => explain(c, e));
  }, 90_000);
});

describe.skipIf(!have)('npm run lab:etcd', () => {
  it('prints the lab URL, and leaves no process or folder behind when killed outright', async () => {
    const dirs = () => readdirSync(os.tmpdir()).filter((d) => d.startsWith('quorum-lab-etcd-'));
    const before = dirs();
    const dist = mkdtempSync(path.join(os.tmpdir(), 'ql-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Quorum Lab</title>');
    const port = await freePort();
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/lab-etcd.ts', '--members', '1', '--port', String(port), '--dist', dist], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const deadline = Date.now() + 90_000; // tsx compiles, etcd starts: slow on a loaded machine
    while (!/#token=/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain(`http://127.0.0.1:${port}/labo/#token=`);
    // The bridge serves the course on the same origin as its API.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('<title>Quorum Lab</title>');
    const endpoints = /127\.0\.0\.1:(\d+)/.exec(out.split('\n')[1] ?? '');
    expect(endpoints).not.toBeNull();
    child.kill('SIGKILL');
    // The watchdog notices within a second and kills etcd.
    const etcdPort = endpoints?.[1];
    const gone = async () => {
      try {
        execFileSync(etcdctl as string, [`--endpoints=127.0.0.1:${etcdPort}`, '--dial-timeout=300ms', '--command-timeout=500ms', 'endpoint', 'health'], { stdio: 'pipe' });
        return false;
      } catch {
        return true;
      }
    };
    const until = Date.now() + 10_000;
    while (!(await gone()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(await gone()).toBe(true);
    const cleaned = Date.now() + 5_000;
    while (dirs().length > before.length && Date.now() < cleaned) await new Promise((r) => setTimeout(r, 200));
    expect(dirs()).toEqual(before);
    rmSync(dist, { recursive: true, force: true });
  }, 150_000);

  it('without etcd, says how to get it, without a stack trace', () => {
    let err = '';
    try {
      execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/lab-etcd.ts'], { env: { ...process.env, ETCD_BIN: '/nonexistent/etcd' }, stdio: 'pipe' });
    } catch (e) {
      err = String((e as { stderr?: Buffer }).stderr ?? '');
      expect((e as { status?: number }).status).toBe(2);
    }
    expect(err).toContain('apt-get install etcd-server etcd-client');
    expect(err).not.toMatch(/\n\s+at /);
  });
});
