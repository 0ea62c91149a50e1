// The engine driven as the reference measurements drove a real etcd 3.4.23 (../shared/etcd-reference/): one
// harness for the two places that rerun those experiments, the charts (src/components/charts/experiments.ts, at
// build time) and the comparison benchmark (bench/etcd-compare.bench.ts). Same timing as the reference
// (heartbeat 100 ms, election timeout 1,000 ms, loopback latency 1–2 ms), PreVote off as etcd 3.4's default,
// CheckQuorum on as the etcd server always sets it. Deterministic: the engine from its seed, the harness's own
// randomness (kill phases) from mulberry32.
import { Simulation, type Action, type NodeId, type Scenario } from '../raft/index';

export const HEARTBEAT_MS = 100;
export const ELECTION_TIMEOUT_MS = 1000;
/** Loopback: a message takes 1–2 ms. */
export const LATENCY_MS: [number, number] = [1, 2];

/** mulberry32: the harness's own seeded randomness (the engine keeps its own). */
export function mulberry32(seed: number): () => number {
  let st = seed >>> 0;
  return () => {
    let t = (st = (st + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Member names as the reference cluster had them: m1, m2, … */
export const memberNames = (n: number): NodeId[] => Array.from({ length: n }, (_, i) => `m${i + 1}`);

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return { n: values.length, min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

export type Status = 'ok' | 'fail' | 'info';
export type Outcome = { status: Status; ms: number; value?: string | null; error?: string };
export interface Done {
  status: Status;
  t: number;
  value?: string | null;
  error?: string;
}

/** A simulation plus what a client harness sees: op outcomes and role changes. */
export class Lab {
  readonly sim: Simulation;
  /** Outcome of each client op, by op number. */
  readonly done = new Map<number, Done>();
  readonly roles: { t: number; node: string; role: string; term: number }[] = [];

  constructor(readonly members: NodeId[], seed: number, opts: { preVote?: boolean; requestTimeoutMs?: number } = {}) {
    const scenario: Scenario = {
      seed,
      members,
      learners: [],
      timing: { heartbeatMs: HEARTBEAT_MS, electionTimeoutMs: ELECTION_TIMEOUT_MS, latencyMs: LATENCY_MS, requestTimeoutMs: opts.requestTimeoutMs ?? 5000 },
      features: { preVote: opts.preVote ?? false, checkQuorum: true },
      network: { dropRate: 0, duplicateRate: 0 },
      until: 36_000_000,
      events: [],
    };
    this.sim = new Simulation(scenario, { history: false });
    this.sim.subscribe((e) => {
      const l = e as { type: string; t: number; op?: number; value?: string | null; error?: string; node?: string; role?: string; term?: number };
      if (l.type === 'ok' || l.type === 'fail' || l.type === 'info') this.done.set(l.op as number, { status: l.type, t: l.t, value: l.value, error: l.error });
      else if (l.type === 'role') this.roles.push({ t: l.t, node: l.node as string, role: l.role as string, term: l.term as number });
    });
  }

  get now(): number {
    return this.sim.now;
  }

  wait(ms: number): void {
    this.sim.advanceTo(this.sim.now + ms);
  }

  /** Advance `pollMs` at a time until `cond` holds or `maxMs` passes; returns whether it held. */
  until(cond: () => boolean, maxMs: number, pollMs = 1): boolean {
    const end = this.now + maxMs;
    while (!cond()) {
      if (this.now >= end) return false;
      this.sim.advanceTo(Math.min(end, this.now + pollMs));
    }
    return true;
  }

  do(a: Action): number | undefined {
    return this.sim.apply(a);
  }

  /** Starts a request; returns a handle to read its outcome. */
  start(a: Action): () => Outcome | undefined {
    const t0 = this.now;
    const op = this.sim.apply(a);
    return () => {
      if (op === undefined) return { status: 'fail', ms: 0, error: 'not sent' };
      const d = this.done.get(op);
      return d ? { status: d.status, ms: d.t - t0, value: d.value, error: d.error } : undefined;
    };
  }

  /** One etcdctl call: a single request, waited for (the engine's request timeout applies). */
  call(a: Action): Outcome {
    const h = this.start(a);
    let r: Outcome | undefined;
    this.until(() => (r = h()) !== undefined, 3_600_000);
    return r as Outcome;
  }

  /** One etcdctl call as clientv3 makes it: a fast error is retried every 25 ms until the deadline. */
  callRetrying(mk: () => Action, timeoutMs: number): Outcome {
    const t0 = this.now;
    const deadline = t0 + timeoutMs;
    for (;;) {
      const h = this.start(mk());
      let r: Outcome | undefined;
      this.until(() => (r = h()) !== undefined, deadline - this.now);
      if (r && r.status === 'ok') return { ...r, ms: this.now - t0 };
      if (this.now >= deadline) return { status: 'info', ms: this.now - t0, error: r?.error ?? 'context deadline exceeded' };
      this.wait(Math.min(25, deadline - this.now));
      if (this.now >= deadline) return { status: 'info', ms: this.now - t0, error: r?.error ?? 'context deadline exceeded' };
    }
  }

  /** The up leader of the highest term, if any. */
  leader(): NodeId | null {
    let best: { id: NodeId; term: number } | null = null;
    for (const n of this.sim.nodes()) if (n.up && n.role === 'leader' && (!best || n.term > best.term)) best = { id: n.id, term: n.term };
    return best ? best.id : null;
  }

  /** All named members up, agreeing on one leader, with the same commit index, all of it applied. */
  settled(ids: readonly NodeId[] = this.members): boolean {
    const vs = ids.map((id) => this.sim.node(id)!);
    const l = vs[0].role === 'leader' ? vs[0].id : vs[0].leader;
    if (l === null) return false;
    return vs.every((v) => v.up && (v.role === 'leader' ? v.id : v.leader) === l && v.commitIndex === vs[0].commitIndex && v.lastApplied === v.commitIndex);
  }
}

/**
 * Kill the leader of a settled cluster as the reference harness did: wait until healthy, sleep 1 s plus a random
 * phase of the heartbeat cycle (the reference spent ≈ 15–25 ms finding the leader, so its kill fell at any phase;
 * without it every kill would follow a heartbeat closely), SIGKILL the leader, then poll the survivors with
 * `endpoint status` every ≈ 42 ms (20 ms sleep + a ≈ 22 ms call; a poll sees the state at its end) until one
 * names a new leader. Returns the member killed, the kill's instant and the polled time to a new leader (ms),
 * or null when no leader settled.
 */
export function killLeader(lab: Lab, phase: () => number): { killed: NodeId; t0: number; polledMs: number } | null {
  lab.until(() => lab.settled(), 60_000, 10);
  lab.wait(1000 + Math.floor(phase() * HEARTBEAT_MS));
  const killed = lab.leader();
  if (killed === null) return null;
  const t0 = lab.now;
  lab.do({ action: 'crash', node: killed });
  const survivors = lab.members.filter((m) => m !== killed);
  for (let p = t0 + 22; ; p += 42) {
    lab.sim.advanceTo(p);
    const seen = survivors.some((id) => {
      const v = lab.sim.node(id)!;
      const l = v.role === 'leader' ? v.id : v.leader;
      return l !== null && l !== killed;
    });
    if (seen) return { killed, t0, polledMs: p - t0 };
    if (p - t0 > 60_000) throw new Error('killLeader: no new leader after 60 s');
  }
}
