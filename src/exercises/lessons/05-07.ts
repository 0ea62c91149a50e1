// The exercises of lessons 05 to 07 (three nodes, how many failures, even sizes): checks, expected mistakes, definitions.
import { quorumSize } from '../../raft/quorum';
import type { NodeId } from '../../raft/types';
import {
  allNodes,
  cutOffFromMajority,
  failed,
  hasMajority,
  largestConnectedUp,
  opById,
  replay,
  votersAt,
  type World,
} from '../history';
import {
  REFUSED,
  atInvoke,
  cutOffAtInvoke,
  downCount,
  followersNow,
  gets,
  isolate,
  isolatedNow,
  latest,
  leaderNow,
  put,
  putsWhere,
  refused,
  scenario,
  seen,
  target,
  toDownNode,
  valueAt,
  type When,
} from '../helpers';
import type { CheckInput, ExerciseLogic } from '../types';

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** After the voters lost their majority, a linearizable get returned the value committed before the loss. */
function restoreQuorum(s: CheckInput): boolean {
  const voters = s.scenario.members;
  let lossAt: number | null = null;
  let hadLeader = false;
  replay(s.trace, (l, w) => {
    if (l.type === 'role' && l.role === 'leader') hadLeader = true;
    if (lossAt === null && hadLeader && !hasMajority(w, voters)) lossAt = l.t;
  });
  if (lossAt === null) return false;
  const loss: number = lossAt;
  const committed = new Map<string, string>(); // key -> last value acknowledged before the loss
  for (const o of [...s.ops].sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))) {
    if (o.f === 'put' && o.status === 'ok' && o.endedAt !== undefined && o.endedAt <= loss) committed.set(o.key, o.value ?? '');
  }
  return s.ops.some(
    (g) =>
      g.f === 'get' &&
      g.status === 'ok' &&
      (g.consistency ?? 'linearizable') === 'linearizable' &&
      g.invokedAt > loss &&
      committed.has(g.key) &&
      g.result === committed.get(g.key) &&
      !s.ops.some((p) => p.key === g.key && p.f !== 'get' && p.invokedAt > loss && p.invokedAt <= g.invokedAt),
  );
}

/** A serializable get to a node cut off from the majority returned a value older than an acknowledged put;
 *  a linearizable get to that node, while still cut off, did not return a stale value. */
function staleSerializableRead(s: CheckInput): boolean {
  const voters = s.scenario.members;
  const ops = opById(s);
  const cutOff = atInvoke(s, (w) => new Set(allNodes(s).filter((n) => cutOffFromMajority(w, n, voters))));
  const latestBefore = (key: string, t: number): string | null | undefined => {
    let best: { at: number; v: string | null } | undefined;
    for (const o of s.ops) {
      if (o.key !== key || o.f === 'get' || o.status !== 'ok' || o.endedAt === undefined || o.endedAt > t) continue;
      if (!best || o.endedAt >= best.at) best = { at: o.endedAt, v: o.f === 'put' ? (o.value ?? '') : null };
    }
    return best?.v;
  };
  const stale = s.ops.filter((g) => {
    if (g.f !== 'get' || g.consistency !== 'serializable' || g.status !== 'ok' || !g.node) return false;
    if (!cutOff.get(g.op)?.has(g.node)) return false;
    const fresh = latestBefore(g.key, g.invokedAt);
    return fresh !== undefined && (g.result ?? null) !== fresh;
  });
  return stale.some((sg) =>
    [...ops.values()].some((lg) => {
      if (lg.f !== 'get' || (lg.consistency ?? 'linearizable') !== 'linearizable' || lg.node !== sg.node) return false;
      if (lg.key !== sg.key || !cutOff.get(lg.op)?.has(sg.node!)) return false;
      if (failed(lg)) return true;
      return lg.status === 'ok' && (lg.result ?? null) === latestBefore(lg.key, lg.invokedAt);
    }),
  );
}

/** With exactly five voters, two of them down, a put succeeded. */
function smallestTwoFailures(s: CheckInput): boolean {
  const at = atInvoke(s, (w) => {
    const voters = votersAt(s, w.t);
    return { n: voters.length, down: downCount(w, voters) };
  });
  return s.ops.some((o) => {
    const x = at.get(o.op);
    return o.f === 'put' && o.status === 'ok' && x !== undefined && x.n === 5 && x.down >= 2;
  });
}

/** Four voters, two failures (two crashed, or a 2 | 2 split), and a put that did not succeed. */
function fourNodesTwoFailures(s: CheckInput): boolean {
  const voters = s.scenario.members;
  const twoFailures = atInvoke(s, (w) => {
    const down = downCount(w, voters);
    const largest = largestConnectedUp(w, voters);
    return voters.length === 4 && largest === 2 && (down === 2 || (down === 0 && w.groups !== undefined));
  });
  return s.ops.some((o) => o.f === 'put' && failed(o) && twoFailures.get(o.op) === true);
}

/** The network is split (no node crashed) and the voters' largest side has `atLeast` / fewer than a quorum. */
function splitState(w: World, voters: readonly NodeId[]): { split: boolean; majority: boolean } {
  const split = w.groups !== undefined && downCount(w, voters) === 0 && largestConnectedUp(w, voters) < voters.length;
  return { split, majority: largestConnectedUp(w, voters) >= quorumSize(voters.length) };
}

function splitFiveWritesContinue(s: CheckInput): boolean {
  const at = atInvoke(s, (w) => splitState(w, s.scenario.members));
  return s.ops.some((o) => o.f === 'put' && o.status === 'ok' && at.get(o.op)?.split && at.get(o.op)?.majority);
}

function splitFiveWritesStop(s: CheckInput): boolean {
  const at = atInvoke(s, (w) => splitState(w, s.scenario.members));
  return s.ops.some((o) => o.f === 'put' && failed(o) && at.get(o.op)?.split && !at.get(o.op)?.majority);
}

// ---------------------------------------------------------------------------------------------------------------
// Expected mistakes (the explanations are in text.ts)

/** The first instant the voters lost their majority after a first leader (restore-quorum). */
function quorumLossAt(s: CheckInput): number | null {
  let lossAt: number | null = null;
  let hadLeader = false;
  replay(s.trace, (l, w) => {
    if (l.type === 'role' && l.role === 'leader') hadLeader = true;
    if (lossAt === null && hadLeader && !hasMajority(w, s.scenario.members)) lossAt = l.t;
  });
  return lossAt;
}

/** A leader with a majority again after the loss (restore-quorum, part 1). */
function quorumBack(s: CheckInput): boolean {
  const loss = quorumLossAt(s);
  if (loss === null) return false;
  let back = false;
  replay(s.trace, (l, w) => {
    if (l.t > loss && l.type === 'role' && l.role === 'leader' && hasMajority(w, s.scenario.members)) back = true;
  });
  return back;
}

/** stale-serializable-read, part 1: a serializable get on a node cut off from the majority returned a value
 *  older than the last acknowledged one. */
function staleReadSeen(s: CheckInput): boolean {
  const cut = cutOffAtInvoke(s);
  return gets(s, 'serializable').some((g) => {
    if (g.status !== 'ok' || !g.node || !cut.get(g.op)?.has(g.node)) return false;
    const fresh = valueAt(s, g.key, g.invokedAt);
    return fresh !== undefined && (g.result ?? null) !== fresh;
  });
}

/** smallest-two-failures: puts that failed with two voters or more down, by the configuration at invoke. */
function failedWithTwoDown(s: CheckInput, pred: (voters: NodeId[], w: World) => boolean): When {
  return putsWhere(s, 'failed', (w, o) => {
    const voters = votersAt(s, o.invokedAt);
    return downCount(w, voters) >= 2 && pred(voters, w);
  });
}

// ---------------------------------------------------------------------------------------------------------------

export const LESSONS_05_07: ExerciseLogic[] = [
  {
    id: 'restore-quorum',
    scenario: scenario(26, 3, {
      events: [
        { at: 2500, action: 'put', key: 'commande', value: '42' },
        { at: 4000, action: 'crash', node: 'leader' },
        { at: 4000, action: 'crash', node: 'follower' },
      ],
    }),
    controls: ['crash', 'restart', 'client', 'events'],
    check: restoreQuorum,
    needsLeader: false,
    mistakes: [
      { id: 'serializable', test: (s) => {
        const loss = quorumLossAt(s);
        return loss === null ? null : latest(gets(s, 'serializable').filter((g) => g.status === 'ok' && g.invokedAt > loss).map(seen));
      } },
      { id: 'too-early', test: (s) => {
        const loss = quorumLossAt(s);
        return loss === null ? null : latest(gets(s, 'linearizable').filter((g) => failed(g) && g.invokedAt > loss && !(g.error ?? '').includes(REFUSED)).map(seen));
      } },
      { id: 'overwritten', test: (s) => {
        const loss = quorumLossAt(s);
        return loss === null ? null : latest(s.ops.filter((o) => o.f !== 'get' && o.key === 'commande' && o.invokedAt > loss).map(seen));
      } },
      { id: 'down-node', test: (s) => toDownNode(s) },
    ],
    parts: [quorumBack, restoreQuorum],
    solution: [
      { at: 6000, action: (s) => {
        const down = s.nodes.find((n) => !n.up);
        return down ? { action: 'restart', node: down.id } : null;
      } },
      { at: 10000, action: (s) => ({ action: 'get', key: 'commande', consistency: 'linearizable', node: target(s) }) },
    ],
    settle: 2000,
  },
  {
    id: 'stale-serializable-read',
    // No scripted write: the learner writes stock = 10 first (issue 20, item 5: no hidden events).
    scenario: scenario(27, 3),
    controls: ['isolate', 'partition', 'client', 'log', 'events'],
    check: staleSerializableRead,
    needsLeader: true,
    mistakes: [
      { id: 'not-stale', test: (s) => {
        const cut = cutOffAtInvoke(s);
        return latest(gets(s, 'serializable').filter((g) => g.status === 'ok' && g.node && cut.get(g.op)?.has(g.node) &&
          (g.result ?? null) === (valueAt(s, g.key, g.invokedAt) ?? null)).map(seen));
      } },
      { id: 'majority-side', test: (s) => {
        const cut = cutOffAtInvoke(s);
        return latest(gets(s, 'serializable').filter((g) => g.status === 'ok' && !(g.node && cut.get(g.op)?.has(g.node))).map(seen));
      } },
      { id: 'linearizable-elsewhere', test: (s) => {
        if (!staleReadSeen(s)) return null;
        const cut = cutOffAtInvoke(s);
        return latest(gets(s, 'linearizable').filter((g) => g.status === 'ok' && !(g.node && cut.get(g.op)?.has(g.node))).map(seen));
      } },
      { id: 'write-isolated', test: (s) => putsWhere(s, 'failed', (w, o) => !!o.node && cutOffFromMajority(w, o.node, s.scenario.members)) },
    ],
    parts: [staleReadSeen, staleSerializableRead],
    solution: [
      { at: 2500, action: put('stock', '10') },
      { at: 3000, action: (s) => isolate(s, followersNow(s)[0]) },
      { at: 3500, action: put('stock', '9') },
      { at: 4000, action: (s) => {
        const x = isolatedNow(s);
        return x ? { action: 'get', key: 'stock', consistency: 'serializable', node: x } : null;
      } },
      { at: 4500, action: (s) => {
        const x = isolatedNow(s);
        return x ? { action: 'get', key: 'stock', consistency: 'linearizable', node: x } : null;
      } },
    ],
    settle: 6000,
  },
  {
    id: 'smallest-two-failures',
    scenario: scenario(28, 3),
    controls: ['members', 'crash', 'restart', 'client', 'events'],
    check: smallestTwoFailures,
    needsLeader: true,
    showCatchUp: true,
    mistakes: [
      { id: 'add-refused', test: (s) => refused(s, 'addMember', 'unhealthy') },
      { id: 'add-busy', test: (s) => refused(s, 'addMember', 'in progress') },
      { id: 'learner-no-vote', test: (s) => failedWithTwoDown(s, (v) => v.length < 5 && allNodes(s).some((n) => !v.includes(n) && s.nodes.find((x) => x.id === n && !x.removed))) },
      { id: 'too-few', test: (s) => failedWithTwoDown(s, (v) => v.length < 5) },
    ],
    parts: [(s) => votersAt(s, s.now).length >= 5 || smallestTwoFailures(s), smallestTwoFailures],
    solution: [
      { at: 2500, action: { action: 'addMember', node: 'n4' } },
      { at: 4500, action: { action: 'addMember', node: 'n5' } },
      { at: 7000, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 7300, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 7600, action: put('panier', '5 articles') },
    ],
    settle: 2000,
  },
  {
    id: 'four-nodes-two-failures',
    scenario: scenario(29, 4),
    controls: ['crash', 'restart', 'partition', 'client', 'events'],
    check: fourNodesTwoFailures,
    needsLeader: false,
    mistakes: [
      { id: 'one-failure', test: (s) => putsWhere(s, 'ok', (w) => largestConnectedUp(w, s.scenario.members) === 3) },
      { id: 'three-failures', test: (s) => putsWhere(s, 'failed', (w) => largestConnectedUp(w, s.scenario.members) <= 1) },
      { id: 'down-node', test: (s) => toDownNode(s) },
    ],
    solution: [
      { at: 3000, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3300, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3600, action: put('panier', '2 articles') },
    ],
    settle: 7000,
  },
  {
    id: 'split-five-writes-continue',
    scenario: scenario(30, 5),
    controls: ['partition', 'isolate', 'client', 'events'],
    check: splitFiveWritesContinue,
    needsLeader: true,
    mistakes: [
      { id: 'no-majority', test: (s) => putsWhere(s, 'failed', (w) => splitState(w, s.scenario.members).split && !splitState(w, s.scenario.members).majority) },
      { id: 'minority-side', test: (s) => putsWhere(s, 'failed', (w, o) => splitState(w, s.scenario.members).majority && !!o.node && cutOffFromMajority(w, o.node, s.scenario.members)) },
      { id: 'no-split', test: (s) => putsWhere(s, 'ok', (w) => w.groups === undefined) },
    ],
    solution: [
      { at: 3000, action: (s) => {
        const lead = leaderNow(s);
        if (!lead) return null;
        const others = allNodes(s).filter((n) => n !== lead);
        return { action: 'partition', groups: [[lead, ...others.slice(0, 2)], others.slice(2)] };
      } },
      { at: 3500, action: put('panier', '1 article') },
    ],
    settle: 1500,
  },
  {
    id: 'split-five-writes-stop',
    scenario: scenario(31, 5),
    controls: ['partition', 'isolate', 'client', 'events'],
    check: splitFiveWritesStop,
    needsLeader: false,
    mistakes: [
      { id: 'majority-side', test: (s) => putsWhere(s, 'ok', (w) => splitState(w, s.scenario.members).split && splitState(w, s.scenario.members).majority) },
      { id: 'no-split', test: (s) => putsWhere(s, 'ok', (w) => w.groups === undefined) },
    ],
    solution: [
      { at: 3000, action: { action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4'], ['n5']] } },
      { at: 3500, action: put('panier', '0 article') },
    ],
    settle: 7000,
  },
];
