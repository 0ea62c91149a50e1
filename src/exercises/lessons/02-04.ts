// The exercises of lessons 02 to 04 (high availability, quorum, Raft): their checks, expected mistakes and definitions.
import type { NodeId } from '../../raft/types';
import { failed, hasMajority, replay } from '../history';
import {
  atInvoke,
  downCount,
  followersNow,
  hitFollower,
  put,
  putsWhere,
  scenario,
  toDownNode,
  type When,
} from '../helpers';
import type { CheckInput, ExerciseLogic } from '../types';

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** A put succeeded while at least one voter was crashed. */
function haOneCrash(s: CheckInput): boolean {
  const down = atInvoke(s, (w) => downCount(w, s.scenario.members));
  return s.ops.some((o) => o.f === 'put' && o.status === 'ok' && (down.get(o.op) ?? 0) >= 1);
}

/** A put did not succeed because, when it was sent, no majority of voters was up and connected. */
function loseQuorum(s: CheckInput): boolean {
  const lost = atInvoke(s, (w) => !hasMajority(w, s.scenario.members));
  return s.ops.some((o) => o.f === 'put' && failed(o) && lost.get(o.op) === true);
}

/** After a first leader, a new leader was elected in a higher term, following an action of the learner. */
function provokeElection(s: CheckInput): boolean {
  let first: { term: number; t: number } | null = null;
  let ok = false;
  replay(s.trace, (l) => {
    if (l.type !== 'role' || l.role !== 'leader') return;
    if (!first) first = { term: l.term, t: l.t };
    else if (l.term > first.term) {
      const f = first;
      if (s.injected.some((e) => e.at >= f.t && e.at <= l.t)) ok = true;
    }
  });
  return ok;
}

/** A put succeeded while a follower was down; that follower restarted and its commit index then reached the
 *  commit index the cluster had when the put succeeded. */
function followerCatchUp(s: CheckInput): boolean {
  const voters = s.scenario.members;
  const pending = new Map<number, Set<NodeId>>(); // put op -> voters down at invoke
  const targets: { node: NodeId; index: number; t: number }[] = [];
  let ok = false;
  replay(s.trace, (l, w) => {
    if (l.type === 'invoke' && l.f === 'put') pending.set(l.op, new Set(voters.filter((v) => w.down.has(v))));
    else if (l.type === 'ok' && pending.has(l.op)) {
      const index = Math.max(0, ...w.commit.values());
      for (const node of pending.get(l.op)!) if (w.down.has(node)) targets.push({ node, index, t: l.t });
      pending.delete(l.op);
    } else if (l.type === 'commit') {
      for (const x of targets) {
        // A commit line of the node while it is up, after the put: it has restarted and caught up.
        if (x.node === l.node && !w.down.has(l.node) && l.index >= x.index && l.t >= x.t) ok = true;
      }
    }
  });
  return ok;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected mistakes (the explanations are in text.ts)

/** follower-catch-up: a voter restarted although no write succeeded while it was down. */
function restartedWithNothingMissed(s: CheckInput): When {
  const voters = s.scenario.members;
  const downSince = new Map<NodeId, number>();
  const invokedDown = new Map<number, Set<NodeId>>();
  const missed = new Set<NodeId>();
  const okOps = new Set(s.ops.filter((o) => o.f === 'put' && o.status === 'ok').map((o) => o.op));
  let when: When = null;
  replay(s.trace, (l, w) => {
    if (l.type === 'crash') {
      downSince.set(l.node, l.t);
      missed.delete(l.node);
    } else if (l.type === 'invoke' && l.f === 'put') invokedDown.set(l.op, new Set(voters.filter((v) => w.down.has(v))));
    else if (l.type === 'ok' && okOps.has(l.op)) for (const n of invokedDown.get(l.op) ?? []) missed.add(n);
    else if (l.type === 'restart' && downSince.has(l.node) && voters.includes(l.node)) {
      if (!missed.has(l.node)) when = l.t;
      downSince.delete(l.node);
    }
  });
  return when;
}

/** follower-catch-up, part 1: a put succeeded while a voter was down. */
function wroteWhileDown(s: CheckInput): boolean {
  const down = atInvoke(s, (w) => downCount(w, s.scenario.members));
  return s.ops.some((o) => o.f === 'put' && o.status === 'ok' && (down.get(o.op) ?? 0) >= 1);
}

// ---------------------------------------------------------------------------------------------------------------

export const LESSONS_02_04: ExerciseLogic[] = [
  {
    id: 'ha-one-crash',
    scenario: scenario(21, 3),
    controls: ['crash', 'restart', 'client', 'events'],
    check: haOneCrash,
    needsLeader: true,
    mistakes: [
      { id: 'all-up', test: (s) => putsWhere(s, 'ok', (w) => downCount(w, s.scenario.members) === 0) },
      { id: 'no-majority', test: (s) => putsWhere(s, 'failed', (w) => !hasMajority(w, s.scenario.members)) },
      { id: 'down-node', test: (s) => toDownNode(s) },
    ],
    solution: [
      { at: 3000, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3500, action: put('panier', '3 articles') },
    ],
    settle: 1500,
  },
  {
    id: 'lose-quorum',
    scenario: scenario(22, 3),
    controls: ['crash', 'restart', 'client', 'events'],
    check: loseQuorum,
    needsLeader: false,
    mistakes: [
      { id: 'still-majority', test: (s) => putsWhere(s, 'ok', (w) => hasMajority(w, s.scenario.members)) },
      { id: 'down-node', test: (s) => toDownNode(s) },
    ],
    solution: [
      { at: 3000, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3300, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3600, action: put('panier', '4 articles') },
    ],
    settle: 7000,
  },
  {
    id: 'provoke-election',
    scenario: scenario(23, 3),
    controls: ['crash', 'restart', 'isolate', 'events', 'messages'],
    check: provokeElection,
    needsLeader: true,
    mistakes: [{ id: 'follower', test: (s) => hitFollower(s, true) }],
    solution: [{ at: 3000, action: { action: 'crash', node: 'leader' } }],
    settle: 8000,
  },
  {
    id: 'follower-catch-up',
    scenario: scenario(24, 3),
    controls: ['crash', 'restart', 'client', 'log', 'events'],
    check: followerCatchUp,
    needsLeader: true,
    mistakes: [
      { id: 'nothing-missed', test: restartedWithNothingMissed },
      { id: 'down-node', test: (s) => toDownNode(s) },
    ],
    parts: [wroteWhileDown, followerCatchUp],
    solution: [
      { at: 3000, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3500, action: put('x', '1') },
      { at: 4000, action: put('y', '2') },
      { at: 5500, action: (s) => {
        const down = s.nodes.find((n) => !n.up);
        return down ? { action: 'restart', node: down.id } : null;
      } },
    ],
    settle: 2500,
  },
];
