// Reading a run's history: who was down, how the network was split, who led, at each line of the trace.
// Checks walk the trace once with `replay` and ask these helpers about the world at that point.
import { quorumSize } from '../raft/quorum';
import type { NodeId, Role } from '../raft/types';
import type { CheckInput, OpView, ScenarioEvent, TraceLine } from './types';

export interface World {
  t: number;
  down: Set<NodeId>;
  /** Partition groups in force, undefined when the network is whole. */
  groups: NodeId[][] | undefined;
  roles: Map<NodeId, { role: Role; term: number }>;
  /** Highest commit index seen per node. */
  commit: Map<NodeId, number>;
}

/** Walk the trace in order; `visit` sees each line after it has been applied to the world. */
export function replay(trace: readonly TraceLine[], visit: (line: TraceLine, w: World, i: number) => void): World {
  const w: World = { t: 0, down: new Set(), groups: undefined, roles: new Map(), commit: new Map() };
  trace.forEach((line, i) => {
    w.t = line.t;
    switch (line.type) {
      case 'crash':
        w.down.add(line.node);
        break;
      case 'restart':
        w.down.delete(line.node);
        break;
      case 'partition':
        w.groups = line.groups.map((g) => [...g]);
        break;
      case 'heal':
        w.groups = undefined;
        break;
      case 'role':
        w.roles.set(line.node, { role: line.role, term: line.term });
        break;
      case 'commit':
        w.commit.set(line.node, Math.max(line.index, w.commit.get(line.node) ?? 0));
        break;
    }
    visit(line, w, i);
  });
  return w;
}

/** The nodes `node` can talk to (itself included). */
export function sideOf(groups: NodeId[][] | undefined, node: NodeId, all: readonly NodeId[]): NodeId[] {
  if (!groups) return [...all];
  return groups.find((g) => g.includes(node)) ?? [node];
}

/** The node that leads at this point: up, in the leader role, highest term. */
export function leaderOf(w: World): { node: NodeId; term: number } | null {
  let best: { node: NodeId; term: number } | null = null;
  for (const [node, r] of w.roles) {
    if (r.role === 'leader' && !w.down.has(node) && (!best || r.term > best.term)) best = { node, term: r.term };
  }
  return best;
}

/** The largest number of voters that are up and can all talk to each other. */
export function largestConnectedUp(w: World, voters: readonly NodeId[]): number {
  const up = voters.filter((v) => !w.down.has(v));
  if (!w.groups) return up.length;
  let best = 0;
  const seen = new Set<NodeId>();
  for (const g of w.groups) {
    const n = up.filter((v) => g.includes(v)).length;
    best = Math.max(best, n);
    g.forEach((v) => seen.add(v));
  }
  // A node in no group is alone.
  if (up.some((v) => !seen.has(v))) best = Math.max(best, 1);
  return best;
}

/** Can a majority of `voters` still elect a leader and commit? */
export function hasMajority(w: World, voters: readonly NodeId[]): boolean {
  return voters.length > 0 && largestConnectedUp(w, voters) >= quorumSize(voters.length);
}

/** Is `node` cut off from a majority of the voters (by the network, not by a crash)? */
export function cutOffFromMajority(w: World, node: NodeId, voters: readonly NodeId[]): boolean {
  if (!w.groups) return false;
  const side = sideOf(w.groups, node, voters);
  return voters.filter((v) => side.includes(v)).length < quorumSize(voters.length);
}

/** Every node the run knows of: members, learners, and nodes added later. */
export function allNodes(s: CheckInput): NodeId[] {
  const ids = new Set<NodeId>([...s.scenario.members, ...(s.scenario.learners ?? [])]);
  for (const n of s.nodes) ids.add(n.id);
  return [...ids];
}

function byTime(events: readonly ScenarioEvent[]): ScenarioEvent[] {
  return events.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
}

/** PreVote / CheckQuorum in force at time t (scenario features, then setFeatures actions up to t). */
export function featuresAt(s: CheckInput, t: number): { preVote: boolean; checkQuorum: boolean } {
  const f = { ...s.scenario.features };
  for (const e of byTime([...s.scenario.events, ...s.injected])) {
    if (e.at > t) break;
    if (e.action === 'setFeatures') {
      if (typeof e.preVote === 'boolean') f.preVote = e.preVote;
      if (typeof e.checkQuorum === 'boolean') f.checkQuorum = e.checkQuorum;
    }
  }
  return f;
}

/** Voters at time t, from the scenario and the membership actions asked for up to t (a change counts from
 *  the instant it is asked, not from its commit; one refused outright does not count). */
export function votersAt(s: CheckInput, t: number): NodeId[] {
  const voters = [...s.scenario.members];
  // Membership changes the cluster refused at once (a `reject` line at the same instant) do not count.
  const refused = new Set<string>();
  for (const l of s.trace) {
    if (l.type === 'reject' && 'node' in l.action) refused.add(`${l.t}|${l.action.action}|${l.action.node}`);
  }
  for (const e of byTime([...s.scenario.events, ...s.injected])) {
    if (e.at > t) break;
    if ('node' in e && refused.has(`${e.at}|${e.action}|${e.node}`)) continue;
    if (e.action === 'addMember' && !e.learner && !voters.includes(e.node)) voters.push(e.node);
    if (e.action === 'promote' && !voters.includes(e.node)) voters.push(e.node);
    if (e.action === 'removeMember') {
      const i = voters.indexOf(e.node);
      if (i >= 0) voters.splice(i, 1);
    }
  }
  return voters;
}

export function opById(s: CheckInput): Map<number, OpView> {
  return new Map(s.ops.map((o) => [o.op, o]));
}

export function failed(o: OpView | undefined): boolean {
  return o !== undefined && (o.status === 'fail' || o.status === 'info');
}
