// What every command handler shares: the output being printed, the client's connection to the cluster
// (endpoints, the member that answers, the command timeout), waits on virtual time, and the warn and error
// lines clientv3 prints. One Client lives as long as its Etcdctl; `begin()` starts a new command.
import type { Action, NodeView, SimEvent } from '../raft/types';
import { Exit, TRANSIENT_FAILURE, type Refusal } from './errors';
import type { Invocation } from './flags';
import { goJSON, type GoJSON } from './format';
import { pick, pseudoUuid } from './ids';
import { alive, appliedTerm, members, stepUntil, type ClusterAccess, type Endpoint, type Naming, type EtcdctlSim } from './cluster-view';

export type Stream = 'stdout' | 'stderr';
export interface OutLine {
  text: string;
  stream: Stream;
}

/** Texts the terminal adds that etcdctl itself does not print (translated by the UI). */
export interface Messages {
  unsupported(cmd: string): string;
  badMemberName(name: string): string;
  notEtcdctl(word: string): string;
}

/** Virtual date at t = 0 for the warn lines' timestamps (the reference VM's date). */
const EPOCH = Date.UTC(2026, 10, 26, 9, 30, 0);

/** A member row as `member list` and its kin print it. */
export interface MemberRow {
  name: string;
  id: bigint;
  learner: boolean;
  started: boolean;
}

export class Client {
  out: OutLine[] = [];
  /** The longest single wait on a timeout inside the current command (virtual ms). */
  timeoutWait = 0;
  private clientSeq = 0;

  constructor(
    readonly access: ClusterAccess,
    readonly naming: Naming,
    readonly messages: Messages,
  ) {}

  get sim(): EtcdctlSim {
    return this.access.sim();
  }

  /** Start a new command: empty output, no wait yet. */
  begin(): void {
    this.out = [];
    this.timeoutWait = 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  print(text: string, stream: Stream = 'stdout'): void {
    for (const l of text.split('\n')) this.out.push({ text: l, stream });
  }
  err(text: string): void {
    this.print(text, 'stderr');
  }
  /** Print `Error: message` and end the command with `code`. */
  fail(code: number, message: string): never {
    this.err(`Error: ${message}`);
    throw new Exit(code);
  }

  private ts(): string {
    return new Date(EPOCH + Math.max(0, Math.round(this.sim.now))).toISOString();
  }

  newClient(): string {
    return `client-${pseudoUuid(this.naming.seed, ++this.clientSeq)}`;
  }
  /** A salt for seeded choices when no op id is at hand. */
  get seq(): number {
    return this.clientSeq;
  }

  /** The JSON warn line clientv3's retry interceptor prints on stderr. */
  warn(target: string, error: string, attempt = 0): void {
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

  /** A refusal as the client sees it: the warn line with the gRPC code, then `Error: text`. */
  refuse(target: string, e: { text: string; code: string }): never {
    this.warn(target, `rpc error: code = ${e.code} desc = ${e.text}`);
    this.fail(1, e.text);
  }

  // ---------------------------------------------------------------------------------------------
  // Virtual time

  async wait(until: number, done: () => boolean): Promise<void> {
    if (this.access.wait) await this.access.wait(until, done);
    else stepUntil(() => this.sim, (t) => this.advance(t), until, done);
  }

  private advance(t: number): void {
    if (this.access.advanceTo) this.access.advanceTo(t);
    else this.sim.advanceTo(t);
  }

  /** Wait out a timeout with nothing else to watch. */
  async sleep(ms: number, isTimeout = true): Promise<void> {
    if (ms <= 0) return;
    if (isTimeout) this.timeoutWait = Math.max(this.timeoutWait, ms);
    await this.wait(this.sim.now + ms, () => false);
  }

  /** Apply an action and catch the engine's refusal, if any (its `reject` event: code and words). */
  applyCatching(action: Action): { id: number | undefined; rejected?: Refusal } {
    const sim = this.sim;
    let rejected: Refusal | undefined;
    const off = sim.subscribe((e: SimEvent) => {
      if (e.type === 'reject') rejected = { code: e.code, reason: e.reason };
    });
    try {
      return { id: this.access.apply(action), rejected };
    } finally {
      off();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  /** The default endpoints (as if ETCDCTL_ENDPOINTS listed every member of the cluster). */
  defaultEndpoints(): string[] {
    this.naming.refresh();
    const cur = new Set(this.sim.nodes().filter((n) => !n.removed).map((n) => n.id));
    return this.naming.names().filter((n) => cur.has(n)).map((n) => `127.0.0.1:${22380 + this.naming.index(n)}`);
  }

  endpoints(inv: Invocation): Endpoint[] {
    const raw = inv.set.has('endpoints') ? (inv.flags.endpoints as string[]) : this.defaultEndpoints();
    return raw.filter((s) => s.length > 0).map((s) => this.naming.endpoint(s));
  }

  timeout(inv: Invocation): number {
    const t = Number(inv.flags['command-timeout']);
    return Number.isFinite(t) && t > 0 ? t : 5000;
  }

  /** The endpoint a client talks to: the first one whose member answers. */
  connect(eps: Endpoint[]): { ep: Endpoint; node: NodeView } | undefined {
    for (const ep of eps) {
      const v = alive(this.sim, ep.node);
      if (v) return { ep, node: v };
    }
    return undefined;
  }

  target(eps: Endpoint[]): string {
    return `endpoint://${this.newClient()}/${eps[0]?.hostPort ?? '127.0.0.1:2379'}`;
  }

  /** Nobody answers: the client waits for the whole command timeout. */
  async unreachable(eps: Endpoint[], timeout: number): Promise<never> {
    const target = this.target(eps);
    await this.sleep(timeout);
    this.warn(target, TRANSIENT_FAILURE);
    this.fail(1, 'context deadline exceeded');
  }

  /** A request that found no quorum: the client gives up at its deadline with one of the recorded texts. */
  deadline(target: string, kind: 'put' | 'get' | 'member', salt: string): never {
    const v = pick(this.naming.seed, `${kind}:${salt}`, kind === 'get' ? 9 : 2);
    if (v === 1 || (kind === 'get' && v === 8)) {
      this.warn(target, 'rpc error: code = Unknown desc = context deadline exceeded');
      this.fail(1, 'rpc error: code = Unknown desc = context deadline exceeded');
    }
    this.warn(target, 'rpc error: code = DeadlineExceeded desc = context deadline exceeded');
    this.fail(1, 'context deadline exceeded');
  }

  /** The response header etcd puts on every answer, from the member that served it. */
  header(v: NodeView, revision?: number): Record<string, GoJSON | undefined> {
    const term = appliedTerm(v);
    const rev = revision ?? v.revision;
    return {
      cluster_id: this.naming.clusterId,
      member_id: this.naming.id(v.id),
      revision: rev || undefined,
      raft_term: term || undefined,
    };
  }

  /** The member list as the serving member knows it, sorted by id as etcd returns it. */
  memberRows(v: NodeView): MemberRow[] {
    return members(v)
      .map((m) => ({ name: m.id, id: this.naming.id(m.id), learner: m.learner, started: this.naming.isStarted(m.id) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** A command: prints through the client and returns the exit code (or ends early with `client.fail`). */
export type Handler = (client: Client, inv: Invocation, stdin?: string) => Promise<number> | number;
