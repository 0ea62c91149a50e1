// The real cluster as the widget draws it (issue 19): etcd's own state, read through the local bridge, mapped
// to the engine's view types so that the same ring and the same quorum panel draw both backends. The quorum
// state comes from the engine's own rule (src/raft/quorum-view.ts) applied to what etcd reports and to the
// bridge's partition, never recomputed here.
import { quorumView } from '../../raft/quorum-view';
import type { QuorumView } from '../../raft';
import type { NodeState, NodeView } from '../../raft';
import type { RealClusterState, RealMemberState } from '../../bridge/protocol';

/** etcd 3.4's default election timeout, in ms (--election-timeout=1000): the floor of a real election. */
export const ETCD_ELECTION_TIMEOUT_MS = 1000;

export function nodeView(m: RealMemberState, voters: string[], learners: string[]): NodeView {
  const up = m.up && m.answering;
  return {
    id: m.name, up, removed: false, role: m.role ?? 'follower', term: m.term ?? 0, votedFor: null, leader: m.leader,
    voter: !m.learner, commitIndex: m.appliedIndex ?? 0, lastApplied: m.appliedIndex ?? 0, snapshotIndex: 0, snapshotTerm: 0,
    lastIndex: m.raftIndex ?? 0, log: [], kv: {}, revision: m.revision ?? 0, electionDeadline: null, electionTimeout: 0,
    votesReceived: [], config: { voters, learners },
  } as unknown as NodeView;
}

/** The quorum of the real cluster, by the engine's rule: members that answer count as up. */
export function realQuorum(s: RealClusterState): QuorumView {
  const voters = s.members.filter((m) => !m.learner).map((m) => m.name);
  const learners = s.members.filter((m) => m.learner).map((m) => m.name);
  const nodes = new Map<string, NodeState>();
  for (const m of s.members) {
    nodes.set(m.name, {
      id: m.name, up: m.up && m.answering, removed: false, role: m.role ?? 'follower', term: m.term ?? 0,
      config: { voters, learners }, configIndex: 0, lastReset: 0, electionTimeout: ETCD_ELECTION_TIMEOUT_MS,
    } as unknown as NodeState);
  }
  let groupOf: Map<string, number> | null = null;
  if (s.partition) {
    groupOf = new Map();
    s.partition.forEach((g, i) => g.forEach((n) => groupOf?.set(n, i)));
  }
  return quorumView({ now: 0, nodes, groupOf, latency: [0, 0], preVote: false });
}

/** What changed between two readings, for the screen-reader announcement (empty when nothing did). */
export function changes(before: RealClusterState | null, after: RealClusterState, t: (k: string, v?: Record<string, string | number>) => string): string[] {
  if (!before) return [];
  const out: string[] = [];
  const lead = (s: RealClusterState) => s.members.find((m) => m.role === 'leader' && m.answering)?.name ?? null;
  for (const m of after.members) {
    const b = before.members.find((x) => x.name === m.name);
    if (b && b.up !== m.up) out.push(t(m.up ? 'real.announce.restarted' : 'real.announce.stopped', { node: m.name }));
  }
  const l0 = lead(before), l1 = lead(after);
  if (l1 !== l0) out.push(l1 ? t('real.announce.leader', { node: l1 }) : t('real.announce.noLeader'));
  return out;
}
