// How etcdctl sees the simulated cluster: endpoints, member ids, URLs, the status RPC. Everything here is
// read from the engine's real state (nodes(), quorum(), config); only naming (ids, ports) is derived.
import type { Simulation } from '../raft';
import type { Action, NodeView } from '../raft/types';
import { clusterId, memberId } from './ids';

/** The part of the engine's Simulation the interpreter uses (docs/ARCHITECTURE.md): picked from it, not copied. */
export type EtcdctlSim = Pick<
  Simulation,
  'scenario' | 'now' | 'advanceTo' | 'nextEventTime' | 'apply' | 'nodes' | 'node' | 'quorum' | 'ops' | 'subscribe'
>;

/** How the terminal reaches a cluster: the widget's shared handle, or its own simulation. */
export interface ClusterAccess {
  /** The live simulation (read it each time: a seek or reset may replace it). */
  sim(): EtcdctlSim;
  /** Apply an action exactly as the widget's buttons do. */
  apply(action: Action): number | undefined;
  /** Advance the shared clock to t (through the widget's timeline when there is one). Default: sim.advanceTo. */
  advanceTo?(t: number): void;
  /** Advance virtual time to `until`, stopping as soon as `done()` holds. May animate (returns a promise).
   *  Default: step the simulation synchronously. */
  wait?(until: number, done: () => boolean): Promise<void> | void;
}

export const CLIENT_PORT_BASE = 22380;
export const PEER_PORT_BASE = 22480;

export interface Endpoint {
  /** As given on the command line (or from the member list for --cluster). */
  display: string;
  /** host:port without scheme (what the client's warn lines show). */
  hostPort: string;
  /** The node behind it, if the address belongs to the cluster. */
  node?: string;
}

/** Synchronous wait: run the simulation event by event until `done()` or `until`. */
export function stepUntil(
  getSim: () => EtcdctlSim,
  advance: (t: number) => void,
  until: number,
  done: () => boolean,
): void {
  let guard = 0;
  while (!done()) {
    const sim = getSim();
    const nt = sim.nextEventTime();
    if (nt === undefined || nt > until) {
      if (sim.now < until) advance(until);
      return;
    }
    advance(Math.max(nt, sim.now));
    if (++guard > 2_000_000) return; // a runaway engine must not hang the page
  }
}

/** Naming of members (ids, URLs, ports), stable for one cluster. */
export class Naming {
  private order: string[] = [];
  private peer = new Map<string, string>();
  private started = new Set<string>();
  readonly seed: number;
  readonly clusterId: bigint;

  constructor(private readonly getSim: () => EtcdctlSim) {
    const sc = getSim().scenario;
    this.seed = sc.seed;
    this.clusterId = clusterId(sc.seed, sc.members);
    for (const id of [...sc.members, ...sc.learners]) this.see(id, true);
  }

  private see(id: string, initial = false): void {
    if (!this.order.includes(id)) this.order.push(id);
    if (initial) this.started.add(id);
  }

  /** Refresh from the engine: new nodes get the next index; nodes that have run are "started". */
  refresh(): void {
    for (const n of this.getSim().nodes()) {
      this.see(n.id);
      if (n.lastApplied > 0 || n.snapshotIndex > 0 || n.leader !== null || n.role === 'leader') this.started.add(n.id);
    }
  }

  /** Reserve an index and peer URL for a member about to be added. */
  reserve(id: string, peerUrl: string): void {
    this.see(id);
    this.peer.set(id, peerUrl);
  }

  index(id: string): number {
    this.see(id);
    return this.order.indexOf(id) + 1;
  }

  id(node: string): bigint {
    return memberId(this.seed, node);
  }

  clientUrl(node: string): string {
    return `http://127.0.0.1:${CLIENT_PORT_BASE + this.index(node)}`;
  }

  peerUrl(node: string): string {
    return this.peer.get(node) ?? `http://127.0.0.1:${PEER_PORT_BASE + this.index(node)}`;
  }

  isStarted(node: string): boolean {
    return this.started.has(node);
  }

  /** Known node names, in index order. */
  names(): string[] {
    return [...this.order];
  }

  /** The node whose member id is `id`, among the known names. */
  byId(id: bigint): string | undefined {
    return this.order.find((n) => this.id(n) === id);
  }

  /** Map an --endpoints entry to a node: 127.0.0.1:2238i, http://127.0.0.1:2238i, localhost:2238i, or a node name. */
  endpoint(raw: string): Endpoint {
    const s = raw.trim();
    const hostPort = s.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
    const m = /^(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(hostPort);
    let node: string | undefined;
    if (m) {
      const idx = Number(m[1]) - CLIENT_PORT_BASE;
      if (idx >= 1 && idx <= this.order.length) node = this.order[idx - 1];
    } else if (this.order.includes(s)) {
      node = s;
      return { display: s, hostPort: `127.0.0.1:${CLIENT_PORT_BASE + this.index(s)}`, node };
    }
    return { display: s, hostPort, node };
  }
}

/** A node that would answer an RPC: it exists, runs, and has not been removed (etcd stops a removed member). */
export function alive(sim: EtcdctlSim, node: string | undefined): NodeView | undefined {
  if (!node) return undefined;
  const v = sim.node(node);
  if (!v || !v.up || v.removed) return undefined;
  return v;
}

/** etcd 3.4's RAFT TERM: the term of the last applied entry (the server sets it while applying). */
export function appliedTerm(v: NodeView): number {
  if (v.lastApplied <= 0) return 0;
  if (v.lastApplied === v.snapshotIndex) return v.snapshotTerm;
  const e = v.log.find((x) => x.index === v.lastApplied);
  if (e) return e.term;
  return v.lastApplied < v.snapshotIndex ? v.snapshotTerm : v.term;
}

/** An estimate of the bbolt file size: 20 kB for an almost empty store plus the bytes of every revision kept. */
export function dbSize(v: NodeView): { size: number; inUse: number } {
  let bytes = 0;
  if (v.snapshotIndex > 0) for (const [k, r] of Object.entries(v.kv)) bytes += k.length + r.value.length;
  for (const e of v.log) if (e.index <= v.lastApplied && e.index > v.snapshotIndex && e.entry.kind === 'put') bytes += e.entry.key.length + e.entry.value.length;
  const pages = Math.ceil(bytes / 4096) * 4096;
  return { size: 20480 + pages, inUse: 16384 + pages };
}

/** The config a node serves member lists from (voters and learners). */
export function members(v: NodeView): { id: string; learner: boolean }[] {
  return [...v.config.voters.map((id) => ({ id, learner: false })), ...v.config.learners.map((id) => ({ id, learner: true }))];
}
