// The replicated log of one node, after its snapshot. Invariants (cf. etcd-io/raft log.go):
//   n.log[k].index === n.snap.index + 1 + k, and terms never decrease along the log.
// Indexes at or below the snapshot are compacted: termAt returns the snapshot's term for snap.index,
// and -1 for anything older (unknown) or past the end.
import type { Config, LogEntry, NodeState } from './types';

export function lastIndex(n: NodeState): number {
  return n.snap.index + n.log.length;
}

export function lastTerm(n: NodeState): number {
  const l = n.log.length;
  return l > 0 ? n.log[l - 1].term : n.snap.term;
}

export function termAt(n: NodeState, i: number): number {
  const s = n.snap.index;
  if (i === s) return n.snap.term;
  if (i < s) return -1;
  const k = i - s - 1;
  return k < n.log.length ? n.log[k].term : -1;
}

export function entryAt(n: NodeState, i: number): LogEntry {
  return n.log[i - n.snap.index - 1];
}

/** Entries [lo, hi] (both included) as a new array sharing the (immutable) entry objects. */
export function sliceLog(n: NodeState, lo: number, hi: number): LogEntry[] {
  const s = n.snap.index;
  return n.log.slice(lo - s - 1, hi - s);
}

/** The candidate's log is at least as up to date as ours (section 5.4.1). */
export function isUpToDate(n: NodeState, lastIdx: number, lastT: number): boolean {
  const t = lastTerm(n);
  return lastT > t || (lastT === t && lastIdx >= lastIndex(n));
}

/**
 * Fast backtracking (etcd-io/raft findConflictByTerm): the largest index <= `index` whose term is <= `term`.
 * A follower uses it to answer a rejected AppendEntries with a hint, the leader to jump over a whole term
 * of conflicting entries instead of one index per round trip.
 */
export function findConflictByTerm(n: NodeState, index: number, term: number): number {
  let i = Math.min(index, lastIndex(n));
  while (i > n.snap.index) {
    const t = termAt(n, i);
    if (t <= term) break;
    i--;
  }
  return i;
}

/** The configuration in force at index `i` (latest config entry at or below it, else the snapshot's). */
export function configAt(n: NodeState, i: number): { config: Config; index: number } {
  for (let j = Math.min(i, lastIndex(n)); j > n.snap.index; j--) {
    const e = entryAt(n, j).entry;
    if (e.kind === 'config') return { config: { voters: e.members, learners: e.learners }, index: j };
  }
  return { config: n.snap.config, index: n.snap.index };
}
