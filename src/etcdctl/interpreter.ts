// The etcdctl interpreter: parses a line, acts on the cluster through the engine (a put is a client request
// through Raft, a member add a membership change), waits on virtual time, and prints what etcdctl 3.4
// prints (shapes recorded in ../shared/etcd-reference/transcripts). It never throws on user input.
import type { Action, NodeView, OpView, SimEvent } from '../raft/types';
import { API_VERSION, VERSION, commandUsage, rootUsage, GROUPS, COMMANDS } from './commands';
import { parseInvocation, type Invocation } from './flags';
import { base64, byteLength, goDuration, goJSON, hex, hex16, humanizeBytes, renderTable, type GoJSON } from './format';
import { pick, pseudoUuid } from './ids';
import { parseLine } from './shell';
import {
  alive, appliedTerm, dbSize, members, stepUntil, Naming,
  type ClusterAccess, type Endpoint, type SimLike,
} from './cluster-view';

export type Stream = 'stdout' | 'stderr';
export interface OutLine {
  text: string;
  stream: Stream;
}

export interface RunResult {
  lines: OutLine[];
  exitCode: number;
  /** Virtual time at the start and end of the command (ms). */
  startedAt: number;
  endedAt: number;
  /** The longest single wait on a timeout inside the command (virtual ms), 0 if none: the UI says it shortened it. */
  timeoutWaitMs: number;
  /** The line asked to clear the screen. */
  clear?: boolean;
}

/** Texts the terminal adds that etcdctl itself does not print (translated by the UI). */
export interface Messages {
  unsupported(cmd: string): string;
  badMemberName(name: string): string;
  notEtcdctl(word: string): string;
}

export const EN_MESSAGES: Messages = {
  unsupported: (c) => `# "etcdctl ${c}" exists in etcdctl 3.4 but is not simulated in this terminal. Try: etcdctl help`,
  badMemberName: (n) => `# member names here are 1 to 16 characters among a-z, 0-9 and "-" (got "${n}")`,
  notEtcdctl: (w) => `# this terminal only runs etcdctl (and clear, echo $?); "${w}" is not available`,
};

/** Client request limits: gRPC's default client send limit, and etcd's --max-request-bytes default. */
export const CLIENT_MAX_SEND = 2 * 1024 * 1024;
export const MAX_REQUEST_BYTES = 1572864;
/** Virtual date at t = 0 for the warn lines' timestamps (the reference VM's date). */
const EPOCH = Date.UTC(2026, 10, 26, 9, 30, 0);
/** Client retries before a request rejected by a learner gives up (recorded: 100 attempts, 2617 ms). */
const LEARNER_RETRIES = 100;
const LEARNER_RETRY_MS = 26;

class Exit {
  constructor(readonly code: number) {}
}

function varintLen(n: number): number {
  let l = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    l++;
  }
  return l;
}

/** Size of the protobuf PutRequest etcdctl sends (key = field 1, value = field 2). */
export function putRequestSize(key: string, value: string): number {
  const k = byteLength(key);
  const v = byteLength(value);
  return (k ? 1 + varintLen(k) + k : 0) + (v ? 1 + varintLen(v) + v : 0);
}

export interface EtcdctlOptions {
  messages?: Messages;
}

export class Etcdctl {
  private out: OutLine[] = [];
  private naming: Naming;
  private lastExit = 0;
  private clientSeq = 0;
  private timeoutWait = 0;
  private messages: Messages;
  private readonly access: ClusterAccess;

  constructor(access: ClusterAccess, opts: EtcdctlOptions = {}) {
    this.access = access;
    this.naming = new Naming(() => access.sim());
    this.messages = opts.messages ?? EN_MESSAGES;
  }

  private get sim(): SimLike {
    return this.access.sim();
  }

  /** The default endpoints (as if ETCDCTL_ENDPOINTS listed every member of the cluster). */
  defaultEndpoints(): string[] {
    this.naming.refresh();
    const sim = this.sim;
    const cur = new Set(sim.nodes().filter((n) => !n.removed).map((n) => n.id));
    return this.naming.names().filter((n) => cur.has(n)).map((n) => `127.0.0.1:${22380 + this.naming.index(n)}`);
  }

  /** Node names known to the terminal (for completion). */
  nodeNames(): string[] {
    this.naming.refresh();
    return this.naming.names();
  }

  /** Member ids in hex (for completion of member remove / promote / move-leader). */
  memberIds(): string[] {
    this.naming.refresh();
    return this.naming.names().map((n) => hex(this.naming.id(n)));
  }

  // -------------------------------------------------------------------------------------------
  // Output helpers

  private print(text: string, stream: Stream = 'stdout'): void {
    for (const l of text.split('\n')) this.out.push({ text: l, stream });
  }
  private err(text: string): void {
    this.print(text, 'stderr');
  }
  private fail(code: number, message: string): never {
    this.err(`Error: ${message}`);
    throw new Exit(code);
  }

  private ts(): string {
    return new Date(EPOCH + Math.max(0, Math.round(this.sim.now))).toISOString();
  }

  private newClient(): string {
    return `client-${pseudoUuid(this.naming.seed, ++this.clientSeq)}`;
  }

  /** The JSON warn line clientv3's retry interceptor prints on stderr. */
  private warn(target: string, error: string, attempt = 0): void {
    this.err(
      goJSON({
        level: 'warn',
        ts: this.ts(),
        caller: 'clientv3/retry_interceptor.go:62',
        msg: 'retrying of unary invoker failed',
        target,
        attempt,
        error,
      }),
    );
  }

  private async wait(until: number, done: () => boolean): Promise<void> {
    if (this.access.wait) await this.access.wait(until, done);
    else stepUntil(() => this.sim, (t) => this.advance(t), until, done);
  }

  private advance(t: number): void {
    if (this.access.advanceTo) this.access.advanceTo(t);
    else this.sim.advanceTo(t);
  }

  /** Wait out a timeout with nothing else to watch. */
  private async sleep(ms: number, isTimeout = true): Promise<void> {
    if (ms <= 0) return;
    if (isTimeout) this.timeoutWait = Math.max(this.timeoutWait, ms);
    await this.wait(this.sim.now + ms, () => false);
  }

  // -------------------------------------------------------------------------------------------
  // Entry point

  async run(line: string): Promise<RunResult> {
    this.out = [];
    this.timeoutWait = 0;
    let startedAt = 0;
    let code = 0;
    let clear = false;
    try {
      startedAt = this.sim.now;
      this.naming.refresh();
      const p = parseLine(line);
      if (p.error) {
        this.err(p.error);
        code = p.error.includes('command not found') ? 127 : 2;
      } else if (p.words.length === 0 && !p.prefixed) {
        code = this.lastExit; // empty line keeps $?
      } else if (!p.prefixed && p.words[0] === 'clear') {
        clear = true;
      } else if (!p.prefixed && p.words[0] === 'echo') {
        this.print(p.words.slice(1).map((w) => (w === '$?' ? String(this.lastExit) : w)).join(' '));
      } else if (!p.prefixed && !this.looksLikeEtcdctl(p.words[0])) {
        this.err(`${p.words[0]}: command not found`);
        this.err(this.messages.notEtcdctl(p.words[0]));
        code = 127;
      } else {
        code = await this.exec(p.words, p.stdin);
      }
    } catch (e) {
      if (e instanceof Exit) code = e.code;
      else {
        // An engine or interpreter bug must not break the page: report it as text.
        this.err(`Error: internal error in the simulated etcdctl: ${e instanceof Error ? e.message : String(e)}`);
        code = 1;
      }
    }
    this.lastExit = code;
    let endedAt = startedAt;
    try {
      endedAt = this.sim.now;
    } catch {
      /* ignore */
    }
    return { lines: this.out, exitCode: code, startedAt, endedAt, timeoutWaitMs: this.timeoutWait, clear };
  }

  private looksLikeEtcdctl(w: string): boolean {
    if (w.startsWith('-')) return true;
    const tops = new Set(COMMANDS.map((c) => c.id.split(' ')[0]));
    return tops.has(w) || w in GROUPS;
  }

  private async exec(words: string[], stdin?: string): Promise<number> {
    const parsed = parseInvocation(words);
    if (!parsed.ok) {
      if (parsed.kind === 'unsupported') {
        this.err(this.messages.unsupported(parsed.name ?? ''));
        return 1;
      }
      for (const l of parsed.lines) this.err(l);
      if (parsed.kind === 'flag') {
        for (const l of parsed.cmd ? commandUsage(parsed.cmd) : rootUsage()) this.err(l);
      }
      return 1;
    }
    const inv = parsed.inv;
    if (!inv.cmd) {
      if (inv.group) {
        this.printGroupUsage(inv.group);
        return 0;
      }
      for (const l of rootUsage()) this.print(l);
      return 0;
    }
    if (inv.help) {
      for (const l of commandUsage(inv.cmd)) this.print(l);
      return 0;
    }
    const w = String(inv.flags['write-out']);
    if (!['simple', 'json', 'table', 'fields', 'protobuf'].includes(w)) this.fail(4, 'unsupported output format');
    if (w === 'fields' || w === 'protobuf') {
      this.err(this.messages.unsupported(`-w ${w}`));
      return 4;
    }
    switch (inv.cmd.id) {
      case 'version':
        this.print(`etcdctl version: ${VERSION}\nAPI version: ${API_VERSION}`);
        return 0;
      case 'help':
        return this.help(inv.args);
      case 'put':
        return this.put(inv, stdin);
      case 'get':
        return this.get(inv);
      case 'del':
        return this.del(inv);
      case 'member list':
        return this.memberList(inv);
      case 'member add':
        return this.memberAdd(inv);
      case 'member remove':
        return this.memberRemove(inv);
      case 'member promote':
        return this.memberPromote(inv);
      case 'endpoint status':
        return this.endpointStatus(inv);
      case 'endpoint health':
        return this.endpointHealth(inv);
      case 'move-leader':
        return this.moveLeader(inv);
    }
  }

  private printGroupUsage(group: string): void {
    const subs = COMMANDS.filter((c) => c.id.startsWith(group + ' '));
    this.print(['NAME:', `\t${group} - ${GROUPS[group]}`, '', 'USAGE:', `\tetcdctl ${group} <subcommand> [flags]`, '', 'COMMANDS:'].join('\n'));
    for (const s of subs) this.print(`\t${s.id}\t${s.short}`);
  }

  private help(args: string[]): number {
    if (args.length === 0) {
      for (const l of rootUsage()) this.print(l);
      return 0;
    }
    const name = args.join(' ');
    const spec = COMMANDS.find((c) => c.id === name);
    if (spec) {
      for (const l of commandUsage(spec)) this.print(l);
      return 0;
    }
    if (args[0] in GROUPS && args.length === 1) {
      this.printGroupUsage(args[0]);
      return 0;
    }
    this.print(`Unknown help topic [${args.map((a) => JSON.stringify(a)).join(' ')}]`);
    for (const l of rootUsage()) this.print(l);
    return 0;
  }

  // -------------------------------------------------------------------------------------------
  // Connection

  private endpoints(inv: Invocation): Endpoint[] {
    const raw = inv.set.has('endpoints') ? (inv.flags.endpoints as string[]) : this.defaultEndpoints();
    return raw.filter((s) => s.length > 0).map((s) => this.naming.endpoint(s));
  }

  private timeout(inv: Invocation): number {
    const t = Number(inv.flags['command-timeout']);
    return Number.isFinite(t) && t > 0 ? t : 5000;
  }

  /** The endpoint a client talks to: the first one whose member answers. */
  private connect(eps: Endpoint[]): { ep: Endpoint; node: NodeView } | undefined {
    for (const ep of eps) {
      const v = alive(this.sim, ep.node);
      if (v) return { ep, node: v };
    }
    return undefined;
  }

  private target(eps: Endpoint[]): string {
    return `endpoint://${this.newClient()}/${eps[0]?.hostPort ?? '127.0.0.1:2379'}`;
  }

  /** Nobody answers: the client waits for the whole command timeout. */
  private async unreachable(eps: Endpoint[], timeout: number): Promise<never> {
    const target = this.target(eps);
    await this.sleep(timeout);
    this.warn(target, 'rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure');
    this.fail(1, 'context deadline exceeded');
  }

  /** A request that found no quorum: the client gives up at its deadline with one of the recorded texts. */
  private deadline(target: string, kind: 'put' | 'get' | 'member', salt: string): never {
    const v = pick(this.naming.seed, `${kind}:${salt}`, kind === 'get' ? 9 : 2);
    if (v === 1 || (kind === 'get' && v === 8)) {
      this.warn(target, 'rpc error: code = Unknown desc = context deadline exceeded');
      this.fail(1, 'rpc error: code = Unknown desc = context deadline exceeded');
    }
    this.warn(target, 'rpc error: code = DeadlineExceeded desc = context deadline exceeded');
    this.fail(1, 'context deadline exceeded');
  }

  private header(v: NodeView, revision?: number): Record<string, GoJSON | undefined> {
    const term = appliedTerm(v);
    const rev = revision ?? v.revision;
    return {
      cluster_id: this.naming.clusterId,
      member_id: this.naming.id(v.id),
      revision: rev || undefined,
      raft_term: term || undefined,
    };
  }

  /** Send one KV request through the engine and wait for its end or the client deadline. A member that
   *  knows no leader holds the request until it learns one (etcd's raft node accepts no proposal without a
   *  leader): the request is sent again through the engine once that member has a leader, until the deadline.
   *  That is why every recorded quorum-lost request took the whole 5 s command timeout. */
  private async kvRequest(
    action: Action,
    timeout: number,
    deadlineAt?: number,
  ): Promise<{ op?: OpView; rejected?: string; deadline: number }> {
    const deadline = deadlineAt ?? this.sim.now + timeout;
    const node = (action as { node?: string }).node;
    for (let attempt = 0; attempt < 50; attempt++) {
      const sim = this.sim;
      let rejected: string | undefined;
      const off = sim.subscribe((e: SimEvent) => {
        if (e.type === 'reject') rejected = e.reason;
      });
      let id: number | undefined;
      try {
        id = this.access.apply({ ...action, client: 'etcdctl' } as Action);
      } finally {
        off();
      }
      if (id === undefined) return { rejected: rejected ?? 'rejected', deadline };
      const find = () => this.sim.ops().find((o) => o.op === id);
      const ended = () => {
        const o = find();
        return !!o && o.status !== 'pending';
      };
      await this.wait(deadline, ended);
      const op = find();
      if (op?.status === 'fail' && /no leader/.test(op.error ?? '') && this.sim.now < deadline) {
        // Held by the member until it knows a leader again (or the client gives up).
        await this.wait(deadline, () => {
          const v = alive(this.sim, node);
          return !v || (v.leader !== null && v.leader !== undefined);
        });
        if (this.sim.now >= deadline || !alive(this.sim, node)) return { op: { ...op, status: 'pending' }, deadline };
        continue;
      }
      if (op?.status === 'info' || op?.status === 'pending') {
        // Let the client's clock run out if the server gave up at the same instant.
        return { op, deadline };
      }
      return { op, deadline };
    }
    return { deadline };
  }

  /** Checks the etcd server front end does before Raft, for a request served by `node`. */
  private async learnerReject(node: NodeView, target: string, retries: number): Promise<void> {
    if (node.voter) return;
    const text = 'rpc error: code = Unavailable desc = etcdserver: rpc not supported for learner';
    for (let a = 0; a < retries; a++) {
      await this.sleep(a === 0 ? 14 : LEARNER_RETRY_MS, false);
      this.warn(target, text, a);
    }
    this.fail(1, 'etcdserver: rpc not supported for learner');
  }

  // -------------------------------------------------------------------------------------------
  // put / get / del

  private async put(inv: Invocation, stdin?: string): Promise<number> {
    const args = inv.args;
    if (args.length === 0 || (args.length === 1 && stdin === undefined)) {
      this.fail(128, 'put command needs 1 argument and input from stdin or 2 arguments');
    }
    if (args.length > 2) this.fail(128, 'put command needs 1 argument and input from stdin or 2 arguments');
    const key = args[0];
    const value = args.length > 1 ? args[1] : (stdin ?? '');
    if (key === '') this.fail(1, 'etcdserver: key is not provided');
    const eps = this.endpoints(inv);
    const timeout = this.timeout(inv);
    const size = putRequestSize(key, value);
    const target = this.target(eps);
    if (size > CLIENT_MAX_SEND) {
      const m = `rpc error: code = ResourceExhausted desc = trying to send message larger than max (${size} vs. ${CLIENT_MAX_SEND})`;
      this.warn(target, m);
      this.fail(1, m);
    }
    const c = this.connect(eps);
    if (!c) return this.unreachable(eps, timeout);
    if (size > MAX_REQUEST_BYTES) {
      this.warn(target, 'rpc error: code = InvalidArgument desc = etcdserver: request is too large');
      this.fail(1, 'etcdserver: request is too large');
    }
    await this.learnerReject(c.node, target, 1);
    const r = await this.kvRequest({ action: 'put', key, value, node: c.node.id }, timeout);
    return this.finishWrite(r, target, 'put', timeout, () => {
      const v = this.sim.node(c.node.id) ?? c.node;
      if (inv.flags['write-out'] === 'json') this.print(goJSON({ header: this.header(v, r.op?.revision) }));
      else if (inv.flags['write-out'] === 'table') this.fail(4, 'table is not supported as output format');
      else this.print('OK');
    });
  }

  private async finishWrite(
    r: { op?: OpView; rejected?: string; deadline: number },
    target: string,
    kind: 'put' | 'get',
    timeout: number,
    onOk: () => void,
  ): Promise<number> {
    if (r.rejected) {
      const e = etcdReason(r.rejected);
      this.warn(target, `rpc error: code = ${e.code} desc = ${e.text}`);
      this.fail(1, e.text);
    }
    const op = r.op;
    if (op?.status === 'ok') {
      onOk();
      return 0;
    }
    if (op?.status === 'fail' && op.error && /^etcdserver: /.test(op.error) && !/no leader/.test(op.error)) {
      this.warn(target, `rpc error: code = Unavailable desc = ${op.error}`);
      this.fail(1, op.error);
    }
    if (op?.status === 'info' && (op.endedAt ?? r.deadline) < r.deadline) {
      // The server gave up before the client did (etcd's request timeout).
      this.timeoutWait = Math.max(this.timeoutWait, Math.round((op.endedAt ?? this.sim.now) - op.invokedAt));
      this.warn(target, 'rpc error: code = Unavailable desc = etcdserver: request timed out');
      this.fail(1, 'etcdserver: request timed out');
    }
    // No answer: the client waits until its deadline, then gives up.
    if (this.sim.now < r.deadline) await this.wait(r.deadline, () => false);
    this.timeoutWait = Math.max(this.timeoutWait, timeout);
    this.deadline(target, kind, String(op?.op ?? this.clientSeq));
  }

  private async get(inv: Invocation): Promise<number> {
    const args = inv.args;
    if (args.length === 0) this.fail(128, 'get command needs one argument as key and an optional argument as range_end');
    const prefix = inv.flags.prefix === true;
    if (args.length > 1 && prefix) this.fail(128, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
    if (args.length > 2) this.fail(128, 'get command needs one argument as key and an optional argument as range_end');
    const cons = String(inv.flags.consistency);
    if (cons !== 'l' && cons !== 's') this.fail(4, `unknown consistency flag ${goJSON(cons)}`);
    const w = inv.flags['write-out'];
    if (inv.flags['print-value-only'] === true && w !== 'simple') this.fail(128, 'print-value-only is only for `--write-out=simple`');
    const key = args[0];
    const rangeEnd = args[1];
    const eps = this.endpoints(inv);
    const timeout = this.timeout(inv);
    const target = this.target(eps);
    const c = this.connect(eps);
    if (!c) return this.unreachable(eps, timeout);
    const serializable = cons === 's';
    if (!serializable) await this.learnerReject(c.node, target, LEARNER_RETRIES);
    // One Raft read (ReadIndex for linearizable, local for serializable) for the key asked; a range is then
    // served from the state of that same member, as etcd serves a range once the read index is reached.
    const r = await this.kvRequest(
      { action: 'get', key, node: c.node.id, consistency: serializable ? 'serializable' : 'linearizable' },
      timeout,
    );
    return this.finishWrite(r, target, 'get', timeout, () => {
      const v = this.sim.node(c.node.id) ?? c.node;
      let kvs: { key: string; value: string; create: number; mod: number; version: number }[];
      if (prefix || rangeEnd !== undefined) {
        const match = (k: string) => (prefix ? k.startsWith(key) : k >= key && (rangeEnd === '' || rangeEnd === '\0' || k < rangeEnd));
        kvs = Object.keys(v.kv)
          .filter(match)
          .sort()
          .map((k) => ({ key: k, value: v.kv[k].value, create: v.kv[k].createRevision, mod: v.kv[k].modRevision, version: v.kv[k].version }));
      } else {
        const res = r.op?.result;
        const rec = v.kv[key];
        kvs =
          res === null || res === undefined
            ? []
            : [{ key, value: res, create: rec?.createRevision ?? 0, mod: rec?.modRevision ?? 0, version: rec?.version ?? 0 }];
      }
      const count = kvs.length;
      const limit = Number(inv.flags.limit) || 0;
      const more = limit > 0 && kvs.length > limit;
      if (limit > 0) kvs = kvs.slice(0, limit);
      if (w === 'json') {
        this.print(
          goJSON({
            header: this.header(v, r.op?.revision),
            kvs: kvs.length
              ? kvs.map((x) => ({
                  key: base64(x.key),
                  create_revision: x.create || undefined,
                  mod_revision: x.mod || undefined,
                  version: x.version || undefined,
                  value: inv.flags['keys-only'] === true ? undefined : base64(x.value),
                }))
              : undefined,
            more: more || undefined,
            count: count || undefined,
          }),
        );
      } else if (w === 'table') {
        this.fail(4, 'table is not supported as output format');
      } else {
        for (const x of kvs) {
          if (inv.flags['print-value-only'] !== true) this.print(x.key);
          if (inv.flags['keys-only'] !== true) this.print(x.value);
        }
      }
    });
  }

  private async del(inv: Invocation): Promise<number> {
    const args = inv.args;
    if (args.length === 0 || args.length > 2) this.fail(128, 'del command needs one argument as key and an optional argument as range_end');
    const prefix = inv.flags.prefix === true;
    if (args.length > 1 && prefix) this.fail(128, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
    const key = args[0];
    const eps = this.endpoints(inv);
    const timeout = this.timeout(inv);
    const target = this.target(eps);
    const c = this.connect(eps);
    if (!c) return this.unreachable(eps, timeout);
    await this.learnerReject(c.node, target, 1);
    const start = this.sim.now;
    // Which keys: the member's view of the range (a single key for a plain del).
    const v0 = this.sim.node(c.node.id) ?? c.node;
    const keys = prefix || args.length > 1
      ? Object.keys(v0.kv).filter((k) => (prefix ? k.startsWith(key) : k >= key && k < args[1])).sort()
      : [key];
    let deleted = 0;
    let last: { op?: OpView; rejected?: string; deadline: number } = { deadline: start + timeout };
    for (const k of keys.length ? keys : [key]) {
      const existed = (this.sim.node(c.node.id)?.kv ?? {})[k] !== undefined;
      last = await this.kvRequest({ action: 'delete', key: k, node: c.node.id }, timeout, start + timeout);
      if (last.op?.status !== 'ok') break;
      const res = last.op.result;
      if (res === '1' || res === '0') deleted += Number(res);
      else if (existed) deleted++;
    }
    return this.finishWrite(last, target, 'put', timeout, () => {
      const v = this.sim.node(c.node.id) ?? c.node;
      if (inv.flags['write-out'] === 'json') this.print(goJSON({ header: this.header(v, last.op?.revision), deleted: deleted || undefined }));
      else if (inv.flags['write-out'] === 'table') this.fail(4, 'table is not supported as output format');
      else this.print(String(deleted));
    });
  }

  // -------------------------------------------------------------------------------------------
  // member

  /** The member list as the serving member knows it, sorted by id as etcd returns it. */
  private memberRows(v: NodeView): { name: string; id: bigint; learner: boolean; started: boolean }[] {
    return members(v)
      .map((m) => ({ name: m.id, id: this.naming.id(m.id), learner: m.learner, started: this.naming.isStarted(m.id) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private async memberList(inv: Invocation): Promise<number> {
    if (inv.args.length) this.fail(128, 'member list command takes no arguments');
    const eps = this.endpoints(inv);
    const c = this.connect(eps);
    if (!c) return this.unreachable(eps, this.timeout(inv));
    const v = c.node;
    const rows = this.memberRows(v);
    const w = inv.flags['write-out'];
    if (w === 'json') {
      this.print(
        goJSON({
          header: this.header(v),
          members: rows.map((m) => ({
            ID: m.id,
            name: m.started ? m.name : undefined,
            peerURLs: [this.naming.peerUrl(m.name)],
            clientURLs: m.started ? [this.naming.clientUrl(m.name)] : undefined,
            isLearner: m.learner || undefined,
          })),
        }),
      );
      return 0;
    }
    const table = rows.map((m) => [
      hex(m.id),
      m.started ? 'started' : 'unstarted',
      m.started ? m.name : '',
      this.naming.peerUrl(m.name),
      m.started ? this.naming.clientUrl(m.name) : '',
      String(m.learner),
    ]);
    if (w === 'table') {
      for (const l of renderTable(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], table)) this.print(l);
    } else {
      for (const r of table) this.print(r.join(', '));
    }
    return 0;
  }

  /** Propose a membership change through the engine and wait until the serving member has applied it. */
  private async membership(
    action: Action,
    inv: Invocation,
    applied: (v: NodeView) => boolean,
  ): Promise<{ node: NodeView; target: string }> {
    const eps = this.endpoints(inv);
    const timeout = this.timeout(inv);
    const target = this.target(eps);
    const c = this.connect(eps);
    if (!c) return this.unreachable(eps, timeout);
    const sim = this.sim;
    const deadline = sim.now + timeout;
    let rejected: string | undefined;
    const off = sim.subscribe((e: SimEvent) => {
      if (e.type === 'reject') rejected = e.reason;
    });
    try {
      this.access.apply(action);
    } finally {
      off();
    }
    if (rejected && /no leader/.test(rejected)) {
      // Without a leader etcd cannot propose the change: the request waits for the client's deadline.
      await this.wait(deadline, () => false);
      this.timeoutWait = Math.max(this.timeoutWait, timeout);
      this.deadline(target, 'member', `${action.action}:${this.sim.now}`);
    }
    if (rejected) {
      const r = etcdReason(rejected);
      this.warn(target, `rpc error: code = ${r.code} desc = ${r.text}`);
      this.fail(1, r.text);
    }
    // The member that served the request answers once it applied the change; a member that removed itself
    // (member remove of the member asked, e.g. the leader) answered just before it stopped: ask the leader.
    const view = () => alive(this.sim, c.node.id) ?? alive(this.sim, this.sim.quorum().leader ?? undefined);
    const done = () => {
      const v = view();
      return !!v && applied(v);
    };
    await this.wait(deadline, done);
    if (!done()) {
      this.timeoutWait = Math.max(this.timeoutWait, timeout);
      this.deadline(target, 'member', `${action.action}:${this.sim.now}`);
    }
    return { node: view() ?? c.node, target };
  }

  private async memberAdd(inv: Invocation): Promise<number> {
    if (inv.args.length !== 1) this.fail(128, 'member name not provided');
    const name = inv.args[0];
    const urls = String(inv.flags['peer-urls'] ?? '');
    if (!urls) this.fail(128, 'member peer urls not provided');
    const peerUrls = urls.split(',');
    for (const u of peerUrls) {
      if (!/^https?:\/\/[^\s/]+$/.test(u)) this.fail(128, `URL scheme must be http, https, unix, or unixs: ${u}`);
    }
    if (!/^[a-z0-9-]{1,16}$/.test(name)) {
      this.err(this.messages.badMemberName(name));
      this.fail(128, `invalid member name ${goJSON(name)}`);
    }
    const eps = this.endpoints(inv);
    const c = this.connect(eps);
    if (c) {
      const taken = members(c.node).some((m) => this.naming.peerUrl(m.id) === peerUrls[0]);
      if (taken) {
        this.warn(this.target(eps), 'rpc error: code = FailedPrecondition desc = etcdserver: Peer URLs already exists');
        this.fail(1, 'etcdserver: Peer URLs already exists');
      }
      if (this.sim.node(name) && !this.sim.node(name)!.removed) {
        this.warn(this.target(eps), 'rpc error: code = FailedPrecondition desc = etcdserver: member ID already exist');
        this.fail(1, 'etcdserver: member ID already exist');
      }
    }
    const learner = inv.flags.learner === true;
    if (c) this.naming.reserve(name, peerUrls[0]);
    const { node } = await this.membership({ action: 'addMember', node: name, learner }, inv, (v) =>
      members(v).some((m) => m.id === name) && configApplied(v, (cfg) => [...cfg.members, ...cfg.learners].includes(name)),
    );
    const id = this.naming.id(name);
    const w = inv.flags['write-out'];
    if (w === 'json') {
      const rows = this.memberRows(node);
      this.print(
        goJSON({
          header: this.header(node),
          member: { ID: id, peerURLs: peerUrls, isLearner: learner || undefined },
          members: rows.map((m) => ({
            ID: m.id,
            name: m.started ? m.name : undefined,
            peerURLs: [this.naming.peerUrl(m.name)],
            clientURLs: m.started ? [this.naming.clientUrl(m.name)] : undefined,
            isLearner: m.learner || undefined,
          })),
        }),
      );
      return 0;
    }
    this.print(`Member ${hex16(id)} added to cluster ${hex16(this.naming.clusterId)}`);
    if (w === 'simple') {
      const conf = this.memberRows(node).map((m) => `${m.name === name ? name : m.started ? m.name : ''}=${this.naming.peerUrl(m.name)}`);
      this.print('');
      this.print(`ETCD_NAME=${goJSON(name)}`);
      this.print(`ETCD_INITIAL_CLUSTER=${goJSON(conf.join(','))}`);
      this.print(`ETCD_INITIAL_ADVERTISE_PEER_URLS=${goJSON(peerUrls.join(','))}`);
      this.print('ETCD_INITIAL_CLUSTER_STATE="existing"');
    }
    return 0;
  }

  private parseId(raw: string | undefined, what: string): bigint {
    if (raw === undefined) this.fail(128, 'member ID is not provided');
    if (!/^[0-9a-fA-F]{1,16}$/.test(raw)) {
      const why = /^[0-9a-fA-F]+$/.test(raw) ? 'value out of range' : 'invalid syntax';
      this.fail(128, `bad member ID arg (strconv.ParseUint: parsing ${goJSON(raw)}: ${why}), expecting ID in Hex`.replace('member', what));
    }
    return BigInt('0x' + raw);
  }

  private async memberRemove(inv: Invocation): Promise<number> {
    if (inv.args.length !== 1) this.fail(128, 'member ID is not provided');
    const id = this.parseId(inv.args[0], 'member');
    const eps = this.endpoints(inv);
    const c = this.connect(eps);
    const name = c ? members(c.node).find((m) => this.naming.id(m.id) === id)?.id : undefined;
    if (c && !name) {
      this.warn(this.target(eps), 'rpc error: code = NotFound desc = etcdserver: member not found');
      this.fail(1, 'etcdserver: member not found');
    }
    const { node } = await this.membership({ action: 'removeMember', node: name ?? '' }, inv, (v) =>
      !members(v).some((m) => m.id === name) && configApplied(v, (cfg) => ![...cfg.members, ...cfg.learners].includes(name!)),
    );
    if (inv.flags['write-out'] === 'json') {
      this.print(goJSON({ header: this.header(node), members: this.memberRows(node).map((m) => ({ ID: m.id, name: m.name, peerURLs: [this.naming.peerUrl(m.name)], clientURLs: [this.naming.clientUrl(m.name)], isLearner: m.learner || undefined })) }));
      return 0;
    }
    this.print(`Member ${hex16(id)} removed from cluster ${hex16(this.naming.clusterId)}`);
    return 0;
  }

  private async memberPromote(inv: Invocation): Promise<number> {
    if (inv.args.length !== 1) this.fail(128, 'member ID is not provided');
    const id = this.parseId(inv.args[0], 'member');
    const eps = this.endpoints(inv);
    const c = this.connect(eps);
    const m = c ? members(c.node).find((x) => this.naming.id(x.id) === id) : undefined;
    if (c && !m) {
      this.warn(this.target(eps), 'rpc error: code = NotFound desc = etcdserver: member not found');
      this.fail(1, 'etcdserver: member not found');
    }
    if (c && m && !m.learner) {
      this.warn(this.target(eps), 'rpc error: code = FailedPrecondition desc = etcdserver: can only promote a learner member');
      this.fail(1, 'etcdserver: can only promote a learner member');
    }
    const name = m?.id ?? '';
    const { node } = await this.membership({ action: 'promote', node: name }, inv, (v) =>
      v.config.voters.includes(name) && configApplied(v, (cfg) => cfg.members.includes(name)),
    );
    if (inv.flags['write-out'] === 'json') {
      this.print(goJSON({ header: this.header(node) }));
      return 0;
    }
    this.print(`Member ${hex16(id)} promoted in cluster ${hex16(this.naming.clusterId)}`);
    return 0;
  }

  // -------------------------------------------------------------------------------------------
  // endpoint status / health, move-leader

  private clusterEndpoints(inv: Invocation): Endpoint[] {
    const eps = this.endpoints(inv);
    if (inv.flags.cluster !== true) return eps;
    const c = this.connect(eps);
    if (!c) return [];
    return this.memberRows(c.node)
      .filter((m) => m.started)
      .map((m) => this.naming.endpoint(this.naming.clientUrl(m.name)));
  }

  private statusOf(ep: Endpoint, v: NodeView) {
    const leader = v.leader ? this.naming.id(v.leader) : 0n;
    const size = dbSize(v);
    return {
      ep,
      v,
      id: this.naming.id(v.id),
      leader,
      isLeader: leader !== 0n && leader === this.naming.id(v.id),
      term: appliedTerm(v),
      errors: v.leader ? [] : ['etcdserver: no leader'],
      size,
    };
  }

  private async endpointStatus(inv: Invocation): Promise<number> {
    const timeout = this.timeout(inv);
    if (inv.flags.cluster === true && !this.connect(this.endpoints(inv))) {
      const eps = this.endpoints(inv);
      await this.sleep(timeout);
      this.warn(this.target(eps), 'rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure');
      this.fail(1, 'failed to fetch endpoints from etcd cluster member list: context deadline exceeded');
    }
    const eps = this.clusterEndpoints(inv);
    const rows: ReturnType<Etcdctl['statusOf']>[] = [];
    let failed = false;
    for (const ep of eps) {
      const v = alive(this.sim, ep.node);
      if (!v) {
        await this.sleep(timeout);
        this.warn(
          `passthrough:///${ep.hostPort}`,
          `rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = "transport: Error while dialing dial tcp ${ep.hostPort}: connect: connection refused"`,
        );
        this.err(`Failed to get the status of endpoint ${ep.display} (context deadline exceeded)`);
        failed = true;
        continue;
      }
      rows.push(this.statusOf(ep, v));
    }
    const w = inv.flags['write-out'];
    if (w === 'json') {
      this.print(
        goJSON(
          rows.map((s) => ({
            Endpoint: s.ep.display,
            Status: {
              header: this.header(s.v),
              version: VERSION,
              dbSize: s.size.size,
              leader: s.leader || undefined,
              raftIndex: s.v.commitIndex || undefined,
              raftTerm: s.term || undefined,
              raftAppliedIndex: s.v.lastApplied || undefined,
              errors: s.errors.length ? s.errors : undefined,
              dbSizeInUse: s.size.inUse,
              isLearner: !s.v.voter || undefined,
            },
          })),
        ),
      );
    } else {
      const table = rows.map((s) => [
        s.ep.display,
        hex(s.id),
        VERSION,
        humanizeBytes(s.size.size),
        String(s.isLeader),
        String(!s.v.voter),
        String(s.term),
        String(s.v.commitIndex),
        String(s.v.lastApplied),
        s.errors.join(', '),
      ]);
      if (w === 'table') {
        const hdr = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];
        for (const l of renderTable(hdr, table)) this.print(l);
      } else {
        for (const r of table) this.print(r.join(', '));
      }
    }
    return failed ? 1 : 0;
  }

  private async endpointHealth(inv: Invocation): Promise<number> {
    const timeout = this.timeout(inv);
    const eps = this.clusterEndpoints(inv);
    if (inv.flags.cluster === true && eps.length === 0) {
      await this.sleep(timeout);
      this.fail(1, 'failed to fetch endpoints from etcd cluster member list: context deadline exceeded');
    }
    const start = this.sim.now;
    const deadline = start + timeout;
    // One linearizable get of the key "health" per endpoint, in parallel, as etcdctl 3.4 does.
    type Probe = { ep: Endpoint; order: number; op?: number; dead: boolean; learner: boolean; target: string };
    const probes: Probe[] = eps.map((ep, order) => ({ ep, order, dead: true, learner: false, target: this.target([ep]) }));
    for (const p of probes) {
      const v = alive(this.sim, p.ep.node);
      if (!v) continue;
      p.dead = false;
      if (!v.voter) {
        p.learner = true;
        continue;
      }
      p.op = this.access.apply({ action: 'get', key: 'health', node: v.id, consistency: 'linearizable', client: 'etcdctl' } as Action);
    }
    const opOf = (p: Probe) => (p.op === undefined ? undefined : this.sim.ops().find((o) => o.op === p.op));
    const finished = (p: Probe) => {
      const o = opOf(p);
      return p.dead || p.learner || p.op === undefined || (o !== undefined && o.status === 'ok');
    };
    await this.wait(deadline, () => probes.every((p) => p.dead || p.learner || finished(p)));
    if (!probes.every((p) => !p.dead && finished(p))) this.timeoutWait = Math.max(this.timeoutWait, Math.round(this.sim.now - start));
    const results = probes.map((p) => {
      const o = opOf(p);
      if (!p.dead && !p.learner && o?.status === 'ok') return { p, ok: true, took: (o.endedAt ?? this.sim.now) - o.invokedAt, error: '' };
      if (p.learner) return { p, ok: false, took: 0, error: 'etcdserver: rpc not supported for learner' };
      return { p, ok: false, took: this.sim.now - start, error: 'context deadline exceeded' };
    });
    // Goroutines finish in time order; ties come out last-started first (Go's scheduler runs the newest one).
    const ordered = [...results].sort((a, b) => a.took - b.took || b.p.order - a.p.order);
    const w = inv.flags['write-out'];
    const anyBad = results.some((r) => !r.ok);
    for (const r of ordered.filter((x) => !x.ok)) {
      if (r.p.learner) continue;
      this.warn(
        r.p.target,
        r.p.dead
          ? 'rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure'
          : 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      );
    }
    if (w === 'json') {
      this.print(goJSON(ordered.map((r) => ({ endpoint: r.p.ep.display, health: r.ok, took: goDuration(r.took), error: r.ok ? undefined : `failed to commit proposal: ${r.error}` }))));
    } else if (w === 'table') {
      const t = ordered.map((r) => [r.p.ep.display, String(r.ok), goDuration(r.took), r.ok ? '' : `failed to commit proposal: ${r.error}`]);
      for (const l of renderTable(['endpoint', 'health', 'took', 'error'], t)) this.print(l);
    } else {
      for (const r of ordered.filter((x) => x.ok)) this.print(`${r.p.ep.display} is healthy: successfully committed proposal: took = ${goDuration(r.took)}`);
      for (const r of ordered.filter((x) => !x.ok)) this.err(`${r.p.ep.display} is unhealthy: failed to commit proposal: ${r.error}`);
    }
    if (anyBad) this.fail(1, 'unhealthy cluster');
    return 0;
  }

  private async moveLeader(inv: Invocation): Promise<number> {
    if (inv.args.length !== 1) this.fail(128, 'move-leader command needs 1 argument');
    const raw = inv.args[0];
    if (!/^[0-9a-fA-F]{1,16}$/.test(raw)) {
      const why = /^[0-9a-fA-F]+$/.test(raw) ? 'value out of range' : 'invalid syntax';
      this.fail(128, `strconv.ParseUint: parsing ${goJSON(raw)}: ${why}`);
    }
    const targetId = BigInt('0x' + raw);
    const eps = this.endpoints(inv);
    const timeout = this.timeout(inv);
    // Find the leader among the endpoints given, asking each its status in turn.
    let leader: NodeView | undefined;
    let leaderEp: Endpoint | undefined;
    for (const ep of eps) {
      const v = alive(this.sim, ep.node);
      if (!v) {
        await this.sleep(timeout);
        this.warn(`passthrough:///${ep.hostPort}`, `rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = "transport: Error while dialing dial tcp ${ep.hostPort}: connect: connection refused"`);
        this.fail(1, 'context deadline exceeded');
      }
      if (v.leader === v.id && v.role === 'leader') {
        leader = v;
        leaderEp = ep;
        break;
      }
    }
    if (!leader || !leaderEp) this.fail(128, `no leader endpoint given at [${eps.map((e) => e.display).join(' ')}]`);
    const targetName = members(leader).find((m) => this.naming.id(m.id) === targetId)?.id;
    const target = this.target([leaderEp]);
    const oldId = this.naming.id(leader.id);
    if (!targetName || targetName === leader.id) {
      if (targetName === leader.id) {
        this.print(`Leadership transferred from ${hex(oldId)} to ${hex(targetId)}`);
        return 0;
      }
      this.warn(target, 'rpc error: code = Unknown desc = etcdserver: bad leader transferee');
      this.fail(1, 'etcdserver: bad leader transferee');
    }
    let rejected: string | undefined;
    const off = this.sim.subscribe((e: SimEvent) => {
      if (e.type === 'reject') rejected = e.reason;
    });
    try {
      this.access.apply({ action: 'transferLeader', node: targetName });
    } finally {
      off();
    }
    if (rejected) {
      const r = etcdReason(rejected);
      this.warn(target, `rpc error: code = ${r.code} desc = ${r.text}`);
      this.fail(1, r.text);
    }
    const deadline = this.sim.now + timeout;
    // etcd answers once the old leader itself follows the transferee.
    const oldName = leader.id;
    const done = () => {
      const o = alive(this.sim, oldName);
      return this.sim.quorum().leader === targetName && (!o || o.leader === targetName);
    };
    await this.wait(deadline, done);
    if (!done()) {
      this.timeoutWait = Math.max(this.timeoutWait, timeout);
      this.warn(target, 'rpc error: code = Unknown desc = etcdserver: request timed out, leader transfer took too long');
      this.fail(1, 'etcdserver: request timed out, leader transfer took too long');
    }
    this.print(`Leadership transferred from ${hex(oldId)} to ${hex(targetId)}`);
    return 0;
  }
}

/** Has the serving member applied a configuration entry satisfying `pred`? (etcd answers a member
 *  command once the change is applied.) */
function configApplied(v: NodeView, pred: (cfg: { members: string[]; learners: string[] }) => boolean): boolean {
  let pending = false;
  for (let i = v.log.length - 1; i >= 0; i--) {
    const e = v.log[i];
    if (e.entry.kind !== 'config') continue;
    if (e.index > v.lastApplied) {
      pending = true;
      continue;
    }
    return pred(e.entry);
  }
  // No configuration entry applied from the log (initial or compacted): the config in force counts only
  // when no newer one is still waiting to be applied.
  return !pending && pred({ members: v.config.voters, learners: v.config.learners });
}

/** Map an engine reject reason to etcd's error text and gRPC code. */
export function etcdReason(reason: string): { text: string; code: string } {
  const r = reason.replace(/^etcdserver:\s*/, '');
  const known: [RegExp, string, string][] = [
    [/unhealthy/i, 'unhealthy cluster', 'Unavailable'],
    [/request timed out/i, 'request timed out', 'Unavailable'],
    [/in sync/i, 'can only promote a learner member which is in sync with leader', 'FailedPrecondition'],
    [/can only promote|not a learner/i, 'can only promote a learner member', 'FailedPrecondition'],
    [/not found|unknown member/i, 'member not found', 'NotFound'],
    [/too many learner/i, 'too many learner members in cluster', 'FailedPrecondition'],
    [/no leader/i, 'no leader', 'Unavailable'],
    [/transferee|transfer/i, 'bad leader transferee', 'Unknown'],
    [/exist/i, 'member ID already exist', 'FailedPrecondition'],
  ];
  for (const [re, text, code] of known) if (re.test(r)) return { text: `etcdserver: ${text}`, code };
  // Not an etcd refusal (a limit of the simulator, e.g. at most 9 members): say it as it is.
  return { text: /^etcdserver:/.test(reason) ? reason : r, code: 'Unknown' };
}

