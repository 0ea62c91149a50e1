// The numbers behind the charts, computed at build time (no chart script is shipped):
// - the reference measurements of a real etcd 3.4.23, read from verbatim copies of
//   ../shared/etcd-reference files kept in ./data (tests/unit/charts checks they are still identical);
// - the course's engine (src/raft) running the same experiments with the same timing, with the harness
//   bench/etcd-compare.bench.ts uses too (src/experiments/lab.ts: the reference's timing and fault sequence).
// Everything is deterministic (seeded) and memoised, so the French and English pages show the same numbers and
// the build runs each experiment once: 2 × 12 failovers and 5 client runs, well under a second.
import type { Action, NodeId } from '../../raft/index';
import { Lab, killLeader, memberNames, mulberry32 } from '../../experiments/lab';
import failoverTimes from './data/failover-times.json';
import clientsJsonl from './data/failover-clients.jsonl?raw';

export { median, summarize, type Summary } from '../../experiments/lab';

// ---------------------------------------------------------------------------------------------------------------
// (a) Leader failover times

export interface FailoverSeries {
  members: 3 | 5;
  /** Real etcd: time from the kill to a new leader seen by `endpoint status` polls (ms), one per run. */
  etcd: number[];
  /** The engine on the same experiment, the new leader seen by the same kind of polls (ms), one per run. */
  engine: number[];
}

/** Repetitions of the engine's failover per cluster size (the reference has 20 per size). */
export const ENGINE_FAILOVER_RUNS = 12;

/**
 * Kill the leader of a settled cluster, as the reference harness did: wait until healthy, sleep 1 s (plus a
 * random phase of the heartbeat cycle), SIGKILL the leader, then poll the survivors every ≈ 42 ms until one of
 * them names a new leader. The killed member restarts between runs.
 */
export function engineFailover(members: number, runs: number, seed: number): number[] {
  const phase = mulberry32(seed);
  const lab = new Lab(memberNames(members), seed, { requestTimeoutMs: 1000 });
  const out: number[] = [];
  lab.until(() => lab.settled(), 30_000, 10);
  for (let rep = 0; rep < runs; rep++) {
    const k = killLeader(lab, phase);
    if (k === null) break;
    out.push(k.polledMs);
    lab.do({ action: 'restart', node: k.killed });
  }
  return out;
}

interface ReferenceSeries {
  samples: { time_to_new_leader_ms: number }[];
  time_to_new_leader_ms: { n: number; min: number; median: number; max: number };
}
const REF = failoverTimes as unknown as Record<string, ReferenceSeries>;

/** The reference runs used for each size: the default-logger series (20 runs each). */
export const REFERENCE_KEYS = { 3: 'N3_default_logger', 5: 'N5_default_logger' } as const;

let failoverMemo: FailoverSeries[] | undefined;
export function failoverSeries(): FailoverSeries[] {
  failoverMemo ??= ([3, 5] as const).map((members) => ({
    members,
    etcd: REF[REFERENCE_KEYS[members]].samples.map((s) => s.time_to_new_leader_ms),
    engine: engineFailover(members, ENGINE_FAILOVER_RUNS, 42 + members),
  }));
  return failoverMemo;
}

/** The reference's own summary of a series (to check the chart's figures against). */
export function referenceSummary(members: 3 | 5): ReferenceSeries['time_to_new_leader_ms'] {
  return REF[REFERENCE_KEYS[members]].time_to_new_leader_ms;
}

// ---------------------------------------------------------------------------------------------------------------
// (c) What clients saw during a failover

export type WriterKind = 'survivor' | 'all' | 'killed';

/** One writer in one run: what it saw, in the reference's terms. */
export interface WriterRun {
  rep: number;
  kind: WriterKind;
  attempts: number;
  ok: number;
  failed: number;
  /** Longest time without a successful put after the kill (ms); null when it never succeeded again. */
  longestMs: number | null;
  errors: Record<string, number>;
  acknowledgedButMissing: number;
}

interface RefLine {
  rep: number;
  writer: string;
  pinned_to_killed_leader: boolean;
  attempts: number;
  ok: number;
  failed: number;
  longest_ms_without_an_ok_after_kill: number | null;
  errors: Record<string, number>;
  acknowledged_but_missing: number;
}

/** The raw error keys end with the `"}` of the gRPC message they were cut from: keep the text only. */
const cleanError = (e: string) => e.replace(/["}\s]+$/, '');

export function referenceClients(): WriterRun[] {
  return clientsJsonl
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RefLine)
    .map((r) => ({
      rep: r.rep,
      kind: r.pinned_to_killed_leader ? 'killed' : r.writer === 'all' ? 'all' : 'survivor',
      attempts: r.attempts,
      ok: r.ok,
      failed: r.failed,
      longestMs: r.pinned_to_killed_leader ? null : r.longest_ms_without_an_ok_after_kill,
      errors: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [cleanError(k), v])),
      acknowledgedButMissing: r.acknowledged_but_missing,
    }));
}

/** Runs of the client experiment on the engine (the reference has 5). */
export const ENGINE_CLIENT_RUNS = 5;
/** etcdctl's default command timeout. */
const CLIENT_TIMEOUT = 5000;
/** Time between two puts of one writer: etcdctl is a new process for every put (the reference made ≈ 30 puts in 10 s). */
const PUT_GAP = 150;
/** clientv3 retries a fast error ("no leader", "connection refused") every 25 ms until its deadline. */
const RETRY = 25;

interface Writer {
  name: string;
  kind: WriterKind;
  endpoints: NodeId[];
  rr: number;
  seq: number;
  // the put under way
  op?: number;
  key?: string;
  startedAt: number;
  deadline: number;
  nextAt: number;
  lastError?: string;
  oks: number[];
  acked: string[];
  run: WriterRun;
}

/**
 * Three members; four writers put keys in a loop with a 5 s timeout: three pinned to one member each, one given
 * all three endpoints. The leader is killed 2 s in; writing goes on 8 s more (puts under way then run to their
 * outcome); then every acknowledged put is looked up on the two survivors.
 */
export function engineClients(rep: number, seed: number): WriterRun[] {
  const ids = memberNames(3);
  const lab = new Lab(ids, seed, { requestTimeoutMs: CLIENT_TIMEOUT });
  lab.until(() => lab.settled(), 30_000, 10);
  lab.sim.advanceTo(lab.now + 500);
  const killed = lab.leader()!;
  const start = lab.now;
  const killAt = start + 2000;
  const end = killAt + 8000;
  const writers: Writer[] = [
    ...ids.map((id): Writer => ({ name: id, kind: id === killed ? 'killed' : 'survivor', endpoints: [id], rr: 0, seq: 0, startedAt: 0, deadline: 0, nextAt: start, oks: [], acked: [], run: blank(rep, id === killed ? 'killed' : 'survivor') })),
    { name: 'all', kind: 'all', endpoints: ids, rr: 0, seq: 0, startedAt: 0, deadline: 0, nextAt: start, oks: [], acked: [], run: blank(rep, 'all') },
  ];
  let killedDone = false;
  const send = (w: Writer) => {
    // With several endpoints, a new etcdctl connects to the next one that answers.
    let node = w.endpoints[w.rr % w.endpoints.length];
    if (w.endpoints.length > 1) {
      for (let i = 0; i < w.endpoints.length; i++) {
        const cand = w.endpoints[(w.rr + i) % w.endpoints.length];
        if (lab.sim.node(cand)?.up) {
          node = cand;
          break;
        }
      }
      w.rr++;
    }
    const action: Action = { action: 'put', key: w.key!, value: 'v', node, client: `writer-${w.name}` };
    const op = lab.sim.apply(action);
    w.op = op;
    if (op === undefined) w.lastError = 'connection refused';
  };
  // No put starts after `end`; the ones under way run to their outcome (as in the reference).
  for (let t = start; t <= end || writers.some((w) => w.key !== undefined); t += 1) {
    if (!killedDone && t >= killAt) {
      lab.sim.apply({ action: 'crash', node: killed });
      killedDone = true;
    }
    lab.sim.advanceTo(t);
    for (const w of writers) {
      if (w.key === undefined) {
        if (t < w.nextAt || t >= end) continue;
        w.key = `${w.name}-${++w.seq}`;
        w.startedAt = t;
        w.deadline = t + CLIENT_TIMEOUT;
        w.run.attempts++;
        send(w);
        continue;
      }
      const d = w.op === undefined ? undefined : lab.done.get(w.op);
      if (d?.status === 'ok') {
        w.run.ok++;
        w.oks.push(d.t);
        w.acked.push(w.key);
        w.key = undefined;
        w.nextAt = t + PUT_GAP;
        continue;
      }
      if (d) w.lastError = d.error ?? d.status;
      const failedFast = w.op === undefined || d?.status === 'fail';
      if (t >= w.deadline || d?.status === 'info') {
        w.run.failed++;
        const err = d?.status === 'info' ? 'context deadline exceeded' : w.lastError ?? 'context deadline exceeded';
        w.run.errors[err] = (w.run.errors[err] ?? 0) + 1;
        w.key = undefined;
        w.nextAt = t + PUT_GAP;
      } else if (failedFast && t - w.startedAt >= 0) {
        // Retried by the client, same request, until its deadline.
        if ((t - w.startedAt) % RETRY === 0) send(w);
      }
    }
  }
  lab.sim.advanceTo(lab.now + 3000);
  const survivors = ids.filter((m) => m !== killed).map((m) => lab.sim.node(m)!);
  for (const w of writers) {
    const after = w.oks.filter((x) => x > killAt);
    if (after.length === 0) w.run.longestMs = null;
    else {
      const before = w.oks.filter((x) => x <= killAt).at(-1) ?? killAt;
      const times = [before, ...after];
      let gap = 0;
      for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
      w.run.longestMs = gap;
    }
    w.run.acknowledgedButMissing = w.acked.filter((k) => !survivors.every((n) => Object.hasOwn(n.kv, k))).length;
  }
  return writers.map((w) => w.run);
}

function blank(rep: number, kind: WriterKind): WriterRun {
  return { rep, kind, attempts: 0, ok: 0, failed: 0, longestMs: null, errors: {}, acknowledgedButMissing: 0 };
}

let clientsMemo: WriterRun[] | undefined;
export function engineClientRuns(): WriterRun[] {
  clientsMemo ??= Array.from({ length: ENGINE_CLIENT_RUNS }, (_, i) => engineClients(i + 1, 300 + i)).flat();
  return clientsMemo;
}

/** One row of the clients chart: a kind of writer, summed over runs. */
export interface ClientRow {
  kind: WriterKind;
  runs: number;
  /** Runs in which exactly this many puts failed, e.g. { 1: 9, 0: 1 }. */
  failedPerRun: Record<number, number>;
  /** Longest time without a successful put, over the runs that recovered (ms). */
  longest: { min: number; max: number } | null;
  /** Runs that never had a successful put again. */
  neverRecovered: number;
  errors: Record<string, number>;
  acknowledgedButMissing: number;
}

export const WRITER_KINDS: readonly WriterKind[] = ['survivor', 'all', 'killed'];

export function clientRows(runs: readonly WriterRun[]): ClientRow[] {
  return WRITER_KINDS.map((kind) => {
    const rs = runs.filter((r) => r.kind === kind);
    const failedPerRun: Record<number, number> = {};
    const errors: Record<string, number> = {};
    for (const r of rs) {
      failedPerRun[r.failed] = (failedPerRun[r.failed] ?? 0) + 1;
      for (const [e, c] of Object.entries(r.errors)) errors[e] = (errors[e] ?? 0) + c;
    }
    const rec = rs.map((r) => r.longestMs).filter((x): x is number => x !== null);
    return {
      kind,
      runs: rs.length,
      failedPerRun,
      longest: rec.length ? { min: Math.min(...rec), max: Math.max(...rec) } : null,
      neverRecovered: rs.length - rec.length,
      errors,
      acknowledgedButMissing: rs.reduce((a, r) => a + r.acknowledgedButMissing, 0),
    };
  });
}
