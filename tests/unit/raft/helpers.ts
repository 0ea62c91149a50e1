import { checkTrace } from '../../../src/checker/index';
import { Simulation, type NodeView, type Scenario, type ScenarioEvent, type SimEvent, type TraceLine } from '../../../src/raft/index';

export function scenario(p: Partial<Scenario> & { members?: string[] } = {}): Scenario {
  return {
    seed: p.seed ?? 1,
    members: p.members ?? ['n1', 'n2', 'n3'],
    learners: p.learners ?? [],
    timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000, ...(p.timing ?? {}) },
    features: { preVote: true, checkQuorum: true, ...(p.features ?? {}) },
    network: { dropRate: 0, duplicateRate: 0, ...(p.network ?? {}) },
    until: p.until ?? 20000,
    events: (p.events ?? []) as ScenarioEvent[],
    ...(p.snapshotEntries !== undefined ? { snapshotEntries: p.snapshotEntries } : {}),
  };
}

export const T = 1000;

export function leader(sim: Simulation): NodeView | undefined {
  const ls = sim.nodes().filter((n) => n.up && n.role === 'leader');
  ls.sort((a, b) => b.term - a.term);
  return ls[0];
}

/** Run until a leader exists (at most `limit` virtual ms more); returns it. */
export function electLeader(sim: Simulation, limit = 6 * T): NodeView {
  const end = sim.now + limit;
  while (sim.now < end) {
    sim.advanceTo(Math.min(end, sim.now + 10));
    const l = leader(sim);
    if (l) return l;
  }
  throw new Error('no leader elected');
}

/** Let things settle: run `ms` more virtual ms. */
export function run(sim: Simulation, ms: number): void {
  sim.advanceTo(sim.now + ms);
}

export function collect(sim: Simulation): SimEvent[] {
  const out: SimEvent[] = [];
  sim.subscribe((e) => out.push(e));
  return out;
}

export function lines<K extends TraceLine['type']>(sim: Simulation, type: K): Extract<TraceLine, { type: K }>[] {
  return sim.trace().filter((l) => l.type === type) as Extract<TraceLine, { type: K }>[];
}

export function op(sim: Simulation, id: number | undefined) {
  return sim.ops().find((o) => o.op === id);
}

/** Safety violations over a trace, from the independent checker (src/checker): election safety, state machine
 *  safety, log matching, leader completeness, term monotonicity… (linearizability is checked where a test asks). */
export function safetyViolations(trace: TraceLine[]): string[] {
  return checkTrace(trace, { skipLinearizability: true }).violations.map((v) => `${v.kind}: ${v.message}`);
}
