// A real etcd cluster on loopback for the lab's real-cluster mode (issue 19): find the binaries, start N
// members behind per-member peer proxies (src/bridge/proxy.ts), crash (SIGKILL) and restart them with their
// data, cut and heal links, read each member's state through etcd's JSON gateway, and run real etcdctl.
// Node-only: nothing of the site imports this module.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startPeerProxy, type PeerProxy } from './proxy';
import type { RealMemberState, RealClusterState, EtcdctlResult } from './protocol';

export class BridgeError extends Error {}

/** Where to find a program: an explicit path from the environment, else the first match on PATH. */
export function findBinary(name: 'etcd' | 'etcdctl', env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env[name === 'etcd' ? 'ETCD_BIN' : 'ETCDCTL_BIN'];
  const candidates = explicit ? [explicit] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return null;
}

/** How to get etcd, for the message shown when it is missing (fr, then en). */
export const HOW_TO_GET_ETCD = [
  'etcd est introuvable. Installez-le (Debian, Ubuntu : « sudo apt-get install etcd-server etcd-client »),',
  'ou indiquez son chemin : ETCD_BIN=/chemin/vers/etcd ETCDCTL_BIN=/chemin/vers/etcdctl npm run lab:etcd',
  'etcd was not found. Install it (Debian, Ubuntu: "sudo apt-get install etcd-server etcd-client"),',
  'or give its path: ETCD_BIN=/path/to/etcd ETCDCTL_BIN=/path/to/etcdctl npm run lab:etcd',
].join('\n');

/** A free TCP port on 127.0.0.1 (the kernel picks it; a race with another program is possible but rare). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Member {
  name: string;
  clientPort: number;
  peerPort: number;
  proxy: PeerProxy | null;
  proxyPort: number;
  proc: ChildProcess | null;
  idHex: string | null;
}

/** etcdctl subcommands the terminal may run (no file access: no snapshot, no certificates). */
export const ETCDCTL_ALLOWED = new Set(['put', 'get', 'del', 'member', 'endpoint', 'move-leader', 'alarm', 'version', 'lease', 'compaction', 'defrag', 'watch', 'txn', 'check']);
const FORBIDDEN_FLAGS = /^--?(cacert|cert|key|user|password|discovery-srv|discovery-srv-name|insecure-discovery)(=|$)/;

/** Check the arguments of an etcdctl command from the browser; returns an error text or null. */
export function checkEtcdctlArgs(args: unknown): string | null {
  if (!Array.isArray(args) || args.length === 0 || args.length > 64) return 'etcdctl: expected 1 to 64 arguments';
  if (!args.every((a) => typeof a === 'string' && a.length <= 4096)) return 'etcdctl: every argument must be a string of at most 4096 characters';
  const sub = (args as string[]).find((a) => !a.startsWith('-'));
  if (!sub || !ETCDCTL_ALLOWED.has(sub)) return `etcdctl: "${sub ?? ''}" is not available in the lab (allowed: ${[...ETCDCTL_ALLOWED].join(', ')})`;
  const bad = (args as string[]).find((a) => FORBIDDEN_FLAGS.test(a));
  if (bad) return `etcdctl: ${bad.split('=')[0]} is not available in the lab`;
  return null;
}

function decToHex(dec: string): string {
  return BigInt(dec).toString(16);
}

async function postJson(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const r = await fetch(url, { method: 'POST', body: JSON.stringify(body), signal: ctl.signal, headers: { 'content-type': 'application/json' } });
    return await r.json();
  } finally {
    clearTimeout(timer);
  }
}

export interface ClusterOptions {
  size: number;
  etcd: string;
  etcdctl: string;
  /** Extra etcd flags for every member (e.g. ['--pre-vote']). */
  flags?: string[];
  /** Called with the PIDs of running members whenever they change (the watchdog reads them). */
  onPids?: (pids: number[]) => void;
}

export class EtcdCluster {
  readonly dir: string;
  readonly members: Member[] = [];
  private groups: string[][] | null = null;
  private token = `quorum-lab-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private opts: ClusterOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1 || opts.size > 7) throw new BridgeError('a cluster has 1 to 7 members');
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-lab-etcd-'));
  }

  isCut(a: string, b: string): boolean {
    if (!this.groups || a === b) return false;
    const ga = this.groups.findIndex((g) => g.includes(a));
    const gb = this.groups.findIndex((g) => g.includes(b));
    return ga !== gb;
  }

  private nameOf = (sender: { peerUrl: string | null; id: string | null }) =>
    this.members.find((m) => m.idHex === sender.id || `http://127.0.0.1:${m.proxyPort}` === sender.peerUrl)?.name;

  async start(): Promise<void> {
    for (let i = 1; i <= this.opts.size; i++) {
      this.members.push({ name: `n${i}`, clientPort: await freePort(), peerPort: await freePort(), proxyPort: await freePort(), proxy: null, proc: null, idHex: null });
    }
    for (const m of this.members) {
      m.proxy = await startPeerProxy({ to: m.name, listenPort: m.proxyPort, targetPort: m.peerPort, policy: this, nameOf: this.nameOf });
      mkdirSync(path.join(this.dir, m.name), { recursive: true });
    }
    for (const m of this.members) this.spawn(m);
    await this.waitFor(async () => (await this.state()).members.some((s) => s.role === 'leader'), 20_000, 'no leader was elected within 20 s');
  }

  private spawn(m: Member): void {
    const cluster = this.members.map((x) => `${x.name}=http://127.0.0.1:${x.proxyPort}`).join(',');
    const log = openSync(this.logPath(m.name), 'a');
    const args = [
      '--name', m.name, '--data-dir', path.join(this.dir, m.name, 'data'),
      '--listen-client-urls', `http://127.0.0.1:${m.clientPort}`, '--advertise-client-urls', `http://127.0.0.1:${m.clientPort}`,
      '--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${m.proxyPort}`,
      '--initial-cluster', cluster, '--initial-cluster-token', this.token, '--initial-cluster-state', 'new',
      '--logger', 'zap', '--log-outputs', 'stderr', ...(this.opts.flags ?? []),
    ];
    m.proc = spawn(this.opts.etcd, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    const proc = m.proc;
    proc.on('exit', () => {
      if (m.proc === proc) m.proc = null;
      this.reportPids();
    });
    this.reportPids();
  }

  /** Where member `name` writes its log (etcd's own, stdout and stderr). */
  logPath(name: string): string {
    return path.join(this.dir, `${name}.log`);
  }

  private reportPids(): void {
    this.opts.onPids?.(this.members.flatMap((m) => (m.proc?.pid ? [m.proc.pid] : [])));
  }

  member(name: string): Member {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new BridgeError(`unknown member "${name}"`);
    return m;
  }

  endpoints(names?: string[]): string {
    return (names ? names.map((n) => this.member(n)) : this.members).map((m) => `127.0.0.1:${m.clientPort}`).join(',');
  }

  /** SIGKILL, as a crash: etcd gets no chance to tell its peers. */
  async crash(name: string): Promise<void> {
    const m = this.member(name);
    const p = m.proc;
    if (!p) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  }

  /** Restart a crashed member with its data (its flags name the same cluster; etcd reads its WAL). */
  async restart(name: string): Promise<void> {
    const m = this.member(name);
    if (m.proc) return;
    this.spawn(m);
  }

  /** Cut the network into groups (members not listed each stand alone); null heals. */
  setPartition(groups: string[][] | null): void {
    if (groups) {
      const named = new Set(groups.flat());
      for (const n of named) this.member(n);
      const rest = this.members.filter((m) => !named.has(m.name)).map((m) => [m.name]);
      this.groups = [...groups.map((g) => [...g]), ...rest];
    } else this.groups = null;
    for (const m of this.members) m.proxy?.enforce();
  }

  partition(): string[][] | null {
    return this.groups ? this.groups.map((g) => [...g]) : null;
  }

  /** Each member's state as etcd reports it (maintenance status and member list through the JSON gateway). */
  async state(): Promise<RealClusterState> {
    type Status = { header?: { member_id?: string; revision?: string }; leader?: string; raftIndex?: string; raftTerm?: string; raftAppliedIndex?: string; isLearner?: boolean; errors?: string[] };
    type List = { members?: { ID: string; name: string; isLearner?: boolean }[] };
    const results = await Promise.all(
      this.members.map(async (m) => {
        if (!m.proc) return { m, status: null as Status | null, list: null as List | null };
        const base = `http://127.0.0.1:${m.clientPort}/v3`;
        const [status, list] = await Promise.all([
          postJson(`${base}/maintenance/status`, {}, 800).catch(() => null) as Promise<Status | null>,
          postJson(`${base}/cluster/member/list`, {}, 800).catch(() => null) as Promise<List | null>,
        ]);
        return { m, status, list };
      }),
    );
    const idToName = new Map<string, string>();
    const learners = new Set<string>();
    for (const { list } of results) for (const x of list?.members ?? []) {
      if (x.name) idToName.set(x.ID, x.name);
      if (x.isLearner && x.name) learners.add(x.name);
    }
    for (const { m, status } of results) {
      const id = status?.header?.member_id;
      if (id) {
        idToName.set(id, m.name);
        m.idHex = decToHex(id);
      }
    }
    const members: RealMemberState[] = results.map(({ m, status }) => {
      const id = status?.header?.member_id;
      const leaderId = status?.leader && status.leader !== '0' ? status.leader : null;
      const leader = leaderId ? idToName.get(leaderId) ?? null : null;
      return {
        name: m.name,
        up: m.proc !== null,
        answering: status !== null,
        role: status === null ? null : leaderId !== null && leaderId === id ? 'leader' : status.isLearner || learners.has(m.name) ? 'learner' : 'follower',
        term: status?.raftTerm ? Number(status.raftTerm) : null,
        leader,
        raftIndex: status?.raftIndex ? Number(status.raftIndex) : null,
        appliedIndex: status?.raftAppliedIndex ? Number(status.raftAppliedIndex) : null,
        revision: status?.header?.revision ? Number(status.header.revision) : null,
        learner: learners.has(m.name),
        errors: status?.errors ?? [],
        endpoint: `127.0.0.1:${m.clientPort}`,
      };
    });
    return { members, partition: this.partition() };
  }

  /** Run the real etcdctl (no shell: arguments as an array), with the cluster's endpoints unless given. */
  etcdctl(args: string[], timeoutMs = 15_000): Promise<EtcdctlResult> {
    const bad = checkEtcdctlArgs(args);
    if (bad) return Promise.resolve({ code: 2, stdout: '', stderr: bad + '\n' });
    const full = args.some((a) => a.startsWith('--endpoints')) ? args : [`--endpoints=${this.endpoints()}`, ...args];
    return new Promise((resolve) => {
      execFile(this.opts.etcdctl, full, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', ETCDCTL_API: '3' } }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + (err && (err as { killed?: boolean }).killed ? `etcdctl: stopped after ${timeoutMs} ms\n` : '') });
      });
    });
  }

  async waitFor(pred: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await pred().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new BridgeError(what);
  }

  /** Stop every member and proxy, and delete the data folder. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => this.crash(m.name).catch(() => undefined)));
    await Promise.all(this.members.map((m) => m.proxy?.close()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Write the PID list for the watchdog. */
  static writePids(file: string, pids: number[]): void {
    writeFileSync(file, pids.join('\n'));
  }
}
