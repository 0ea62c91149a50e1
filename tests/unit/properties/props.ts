// The liveness properties as plain functions over trace lines (shared by the tests and scripts/fuzz.ts).
import type { TraceLine } from '../../../src/checker/index.ts';
import type { LivenessCase, NoMajorityCase } from './scenarios.ts';

/** A probe put invoked after the faults stop must end ok before the deadline. Returns what went wrong, or undefined. */
export function livenessProblem(lines: readonly TraceLine[], c: Pick<LivenessCase, 'faultsEnd' | 'deadline' | 'majority' | 'scenario'>): string | undefined {
  const invoked = new Set<number>();
  let okAt: number | undefined;
  let leaderAt: number | undefined;
  for (const l of lines) {
    if (l.type === 'invoke' && l.client === 'probe') invoked.add(l.op as number);
    if (l.type === 'ok' && okAt === undefined && invoked.has(l.op as number)) okAt = l.t;
    if (l.type === 'role' && l.role === 'leader' && leaderAt === undefined && l.t >= c.faultsEnd && c.majority.includes(l.node as string)) leaderAt = l.t;
  }
  if (okAt !== undefined && okAt <= c.deadline) return undefined;
  return `liveness: no put succeeded by the deadline (election timeouts after the end of the faults) (faults end at t=${c.faultsEnd}, deadline t=${c.deadline}, majority up and connected: ${c.majority.join(', ')}); first probe put ok at ${okAt ?? 'never'}; first leader elected after the faults at ${leaderAt ?? 'never'}`;
}

/** No put invoked after `from` (no majority up and connected) may end ok. */
export function noMajorityProblem(lines: readonly TraceLine[], c: Pick<NoMajorityCase, 'from'>): string | undefined {
  const late = new Set<number>();
  for (const l of lines) {
    if (l.type === 'invoke' && l.f === 'put' && l.t > c.from) late.add(l.op as number);
    if (l.type === 'ok' && late.has(l.op as number)) return `no-majority: put op ${l.op} invoked after t=${c.from} (no majority up and connected from then on) ended ok at t=${l.t}`;
  }
  return undefined;
}

export function countLatePuts(lines: readonly TraceLine[], from: number): number {
  return lines.filter((l) => l.type === 'invoke' && l.f === 'put' && l.t > from).length;
}

/**
 * Convergence (suggested by the engine's author after a follower-catch-up bug): once the faults stop, with a
 * majority up and connected, one election timeout after the last write every member of that majority has
 * the leader's commit index and has applied all of it (read on the `final` line).
 */
export function convergenceProblem(lines: readonly TraceLine[], c: Pick<LivenessCase, 'majority'>): string | undefined {
  const fin = lines[lines.length - 1];
  if (!fin || fin.type !== 'final') return 'convergence: no final line';
  const nodes = fin.nodes as Record<string, { role: string; term: number; commitIndex: number; lastApplied: number; up: boolean }>;
  let leader: string | undefined;
  for (const m of c.majority) if (nodes[m]?.up && nodes[m].role === 'leader' && (!leader || nodes[m].term > nodes[leader].term)) leader = m;
  if (!leader) return `convergence: no leader among ${c.majority.join(', ')} at the end`;
  const L = nodes[leader];
  const behind = c.majority.filter((m) => nodes[m].commitIndex !== L.commitIndex || nodes[m].lastApplied !== nodes[m].commitIndex);
  if (behind.length === 0) return undefined;
  return `convergence: at the end, leader ${leader} has commitIndex ${L.commitIndex}, but ${behind.map((m) => `${m} commitIndex ${nodes[m].commitIndex} lastApplied ${nodes[m].lastApplied}`).join('; ')}`;
}
