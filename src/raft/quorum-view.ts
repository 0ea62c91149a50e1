// The quorum as the UI tells it (issue 13): three states, told apart by the engine from the nodes' roles, the
// partitions and the timers, so that no widget has to guess.
//   healthy  — a leader reaches a majority of voters: writes commit.
//   electing — a majority of voters is up and connected, but no leader reaches it yet: writes wait, and a
//              leader will be elected (electionWithinMs says about when).
//   lost     — no connected group of running voters reaches the quorum: no leader can be elected.
// Tolerated failures count from the largest connected group of running voters, never from the leader's
// presence: a cluster of 3 that is electing after its leader crashed tolerates 0 more, one that is electing at
// start tolerates 1. Learners never count.
import { quorumSize } from './quorum';
import type { Config, NodeId, NodeState, QuorumView } from './types';

export interface QuorumInput {
  now: number;
  nodes: Map<NodeId, NodeState>;
  groupOf: Map<NodeId, number> | null;
  latency: [number, number];
  preVote: boolean;
}

function connected(groupOf: Map<NodeId, number> | null, a: NodeId, b: NodeId): boolean {
  if (groupOf === null) return true;
  const ga = groupOf.get(a);
  return ga !== undefined && ga === groupOf.get(b);
}

/** The up leader with the highest term (a deposed leader cut off in a minority may still believe it leads). */
export function highestLeader(nodes: Map<NodeId, NodeState>): NodeState | null {
  let best: NodeState | null = null;
  for (const n of nodes.values()) if (n.up && n.role === 'leader' && (best === null || n.term > best.term)) best = n;
  return best;
}

/** The configuration in force: the highest-term leader's, else the latest any member holds. */
export function configInForce(nodes: Map<NodeId, NodeState>): Config {
  const L = highestLeader(nodes);
  if (L !== null) return L.config;
  let best: NodeState | null = null;
  for (const n of nodes.values()) if (!n.removed && (best === null || n.configIndex > best.configIndex)) best = n;
  return best ? best.config : { voters: [], learners: [] };
}

/**
 * The quorum view of the whole cluster, or (with `side`) as seen from the group of running voters that `side`
 * belongs to: the state that side can reach (a minority side is `lost` even while the majority elects).
 */
export function quorumView(x: QuorumInput, side?: NodeId): QuorumView {
  const cfg = configInForce(x.nodes);
  const voters = [...cfg.voters];
  const q = quorumSize(voters.length);
  const up: NodeId[] = [];
  for (const id of voters) {
    const n = x.nodes.get(id);
    if (n !== undefined && n.up) up.push(id);
  }
  // Connected groups of running voters (partition groups are equivalence classes; a node in no group is alone).
  const groups: NodeId[][] = [];
  for (const id of up) {
    const g = groups.find((gr) => connected(x.groupOf, gr[0], id));
    if (g) g.push(id);
    else groups.push([id]);
  }
  // Leaders that reach a quorum of voters: at most one term can (two disjoint majorities cannot exist); the
  // highest term wins if an older leader of the same side has not heard of it yet.
  let leader: NodeState | null = null;
  let reachable: NodeId[] = [];
  const leaders: NodeState[] = [];
  for (const n of x.nodes.values()) if (n.up && !n.removed && n.role === 'leader') leaders.push(n);
  for (const L of leaders) {
    const r = up.filter((id) => id === L.id || connected(x.groupOf, L.id, id));
    if (r.length >= q && voters.length > 0 && (leader === null || L.term > leader.term)) {
      leader = L;
      reachable = r;
    }
  }
  let largestGroup: NodeId[] = [];
  if (side !== undefined) {
    largestGroup = groups.find((g) => g.includes(side)) ?? [];
    if (leader !== null && !connected(x.groupOf, leader.id, side)) {
      leader = null;
      reachable = [];
    }
    if (leader === null && largestGroup.length === 0) {
      // A side that is no running voter (down, or a learner): what it can reach is its partition group.
      const sn = x.nodes.get(side);
      if (sn !== undefined && sn.up) largestGroup = up.filter((id) => connected(x.groupOf, side, id));
    }
  } else {
    for (const g of groups) {
      const hasLeader = leader !== null && g.some((id) => id === (leader as NodeState).id || connected(x.groupOf, (leader as NodeState).id, id));
      if (g.length > largestGroup.length || (g.length === largestGroup.length && hasLeader)) largestGroup = g;
    }
  }
  const staleLeaders = leaders.filter((L) => L !== leader).map((L) => L.id);
  const state = leader !== null ? 'healthy' : largestGroup.length >= q && voters.length > 0 ? 'electing' : 'lost';
  const tolerated = state === 'lost' ? 0 : Math.max(0, largestGroup.length - q);
  return {
    voters,
    quorum: q,
    up,
    reachable,
    leader: leader ? leader.id : null,
    hasQuorum: state === 'healthy',
    state,
    largestGroup: [...largestGroup],
    tolerated,
    staleLeaders,
    electionWithinMs: state === 'electing' ? electionEstimate(x, largestGroup) : null,
  };
}

/**
 * About how long until the group elects a leader: the earliest election timer of its voters, then the vote
 * round trips at the largest latency (two with PreVote: the pre-vote, then the vote); a voter already
 * campaigning may win as soon as its answers are back.
 */
function electionEstimate(x: QuorumInput, group: NodeId[]): number | null {
  const rtt = 2 * x.latency[1];
  const rounds = x.preVote ? 2 : 1;
  let best = Infinity;
  for (const id of group) {
    const n = x.nodes.get(id) as NodeState;
    if (n.config.voters.indexOf(n.id) < 0) continue;
    let at: number;
    if (n.role === 'candidate') at = x.now + rtt;
    else if (n.role === 'precandidate') at = x.now + 2 * rtt;
    else at = Math.max(x.now, n.lastReset + n.electionTimeout) + rounds * rtt;
    if (at < best) best = at;
  }
  return best === Infinity ? null : best - x.now;
}
