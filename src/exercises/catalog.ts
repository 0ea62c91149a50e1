// The logic of every exercise: starting scenario, widget controls, the check, and a solution.
// A check is a pure function of what the Simulation exposes (CheckInput): the learner never clicks "done".
import { quorumSize } from '../raft/quorum';
import type { NodeId } from '../raft/types';
import {
  allNodes,
  cutOffFromMajority,
  failed,
  featuresAt,
  hasMajority,
  largestConnectedUp,
  leaderOf,
  opById,
  replay,
  votersAt,
  type World,
} from './history';
import type { Action, CheckInput, ExerciseId, ExerciseLogic, ScenarioInput } from './types';

// ---------------------------------------------------------------------------------------------------------------
// Helpers for solutions: name nodes from the state at the instant a step runs.

function members(n: number): NodeId[] {
  return Array.from({ length: n }, (_, i) => `n${i + 1}`);
}

function scenario(seed: number, n: number, extra: Partial<Exclude<ScenarioInput, string>> = {}): ScenarioInput {
  return { seed, members: members(n), learners: [], until: 600_000, events: [], ...extra };
}

export function leaderNow(s: CheckInput): NodeId | null {
  return s.quorum.leader ?? s.nodes.find((n) => n.up && n.role === 'leader')?.id ?? null;
}

/** Voters that are up and followers, in members order. */
export function followersNow(s: CheckInput): NodeId[] {
  return s.nodes.filter((n) => n.up && n.voter && n.role === 'follower').map((n) => n.id);
}

/** Where a client request should go: the leader, else the first node that is up. */
function target(s: CheckInput): NodeId | undefined {
  return leaderNow(s) ?? s.nodes.find((n) => n.up)?.id;
}

function currentGroups(s: CheckInput): NodeId[][] | undefined {
  return replay(s.trace, () => {}).groups;
}

/** Cut `node` off from everybody else. */
function isolate(s: CheckInput, node: NodeId | null | undefined): Action | null {
  if (!node) return null;
  return { action: 'partition', groups: [[node], allNodes(s).filter((n) => n !== node)] };
}

/** The node the current partition leaves alone, if any. */
function isolatedNow(s: CheckInput): NodeId | undefined {
  const g = currentGroups(s);
  return g?.find((x) => x.length === 1)?.[0];
}

function put(key: string, value: string) {
  return (s: CheckInput): Action => ({ action: 'put', key, value, node: target(s) });
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** For each put or get invoked, `f(world at its invoke line)`. */
function atInvoke<T>(s: CheckInput, f: (w: World) => T): Map<number, T> {
  const m = new Map<number, T>();
  replay(s.trace, (l, w) => {
    if (l.type === 'invoke') m.set(l.op, f(w));
  });
  return m;
}

const downCount = (w: World, voters: readonly NodeId[]) => voters.filter((v) => w.down.has(v)).length;

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

interface Isolation {
  start: number;
  end: number;
  leader: NodeId;
  term: number;
  preVote: boolean;
  deposed: boolean;
  /** The window after the heal was watched to its end without another fault. */
  watched: boolean;
}

/** How long after a heal an isolated node may depose the leader, and how long we watch for it. */
const DEPOSE_WINDOW = 3000;

/** PreVote off: a follower isolated then healed deposed a healthy leader; later, PreVote on: an isolation at
 *  least two election timeouts long, then healed, left the leader in place. */
function prevoteOffDisruption(s: CheckInput): boolean {
  const voters = s.scenario.members;
  const episodes: Isolation[] = [];
  let open: { start: number; leader: NodeId; term: number; preVote: boolean } | null = null;
  let watching: Isolation | null = null;
  const closeWatch = (t: number) => {
    if (watching && t > watching.end + DEPOSE_WINDOW && !watching.deposed) watching.watched = true;
  };
  replay(s.trace, (l, w) => {
    closeWatch(l.t);
    if (watching && l.t > watching.end + DEPOSE_WINDOW) watching = null;
    if (l.type === 'partition') {
      if (watching) watching = null; // another fault: the outcome is no longer about that isolation
      const lead = leaderOf(w);
      // The leader keeps a majority on its side; somebody that is up is cut off from it.
      open =
        lead && !cutOffFromMajority(w, lead.node, voters) &&
        voters.some((v) => !w.down.has(v) && !w.groups!.some((g) => g.includes(v) && g.includes(lead.node)))
          ? { start: l.t, leader: lead.node, term: lead.term, preVote: featuresAt(s, l.t).preVote }
          : null;
    } else if (l.type === 'heal' && open) {
      const lead = leaderOf(w);
      if (lead && lead.node === open.leader && lead.term === open.term && featuresAt(s, l.t).preVote === open.preVote) {
        watching = { ...open, end: l.t, deposed: false, watched: false };
        episodes.push(watching);
      }
      open = null;
    } else if (l.type === 'crash') {
      open = null;
      watching = null;
    } else if (l.type === 'role' && watching && l.node === watching.leader && (l.role !== 'leader' || l.term > watching.term)) {
      watching.deposed = true;
      watching = null;
    }
  });
  closeWatch(s.now);
  const disrupted = episodes.find((e) => !e.preVote && e.deposed);
  if (!disrupted) return false;
  const minIsolation = 2 * s.scenario.timing.electionTimeoutMs;
  return episodes.some((e) => e.preVote && e.start >= disrupted.end && e.end - e.start >= minIsolation && e.watched);
}

/** A leader cut off from the majority by a partition, still up, with CheckQuorum on, stepped down by itself
 *  before the partition was healed. */
function checkquorumStepDown(s: CheckInput): boolean {
  const voters = s.scenario.members;
  let ok = false;
  replay(s.trace, (l, w) => {
    if (l.type !== 'role' || l.role === 'leader' || w.down.has(l.node) || !cutOffFromMajority(w, l.node, voters)) return;
    if (!featuresAt(s, l.t).checkQuorum) return;
    // The line before this one left it leader of a lower or equal term: it stepped down, it did not lose a vote.
    const before = prevRole(s.trace, l);
    if (before && before.role === 'leader' && before.term <= l.term) ok = true;
  });
  return ok;
}

/** The node's role line just before `line` in the trace. */
function prevRole(trace: CheckInput['trace'], line: CheckInput['trace'][number]): { role: string; term: number } | null {
  if (line.type !== 'role') return null;
  let last: { role: string; term: number } | null = null;
  for (const l of trace) {
    if (l === line) return last;
    if (l.type === 'role' && l.node === line.node) last = { role: l.role, term: l.term };
  }
  return null;
}

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

/** Five voters now, all up with a leader; each new voter joined as a learner and was then promoted; a
 *  majority of the voters of the moment was up and connected at every point after the first election. */
function growThreeToFive(s: CheckInput): boolean {
  const voters = s.quorum.voters;
  if (voters.length !== 5 || !s.quorum.hasQuorum) return false;
  if (!voters.every((v) => s.nodes.find((n) => n.id === v)?.up)) return false;
  for (const v of voters.filter((x) => !s.scenario.members.includes(x))) {
    const added = s.injected.filter((e) => e.action === 'addMember' && e.node === v);
    if (added.length === 0 || added.some((e) => e.action === 'addMember' && !e.learner)) return false;
    const firstAdd = Math.min(...added.map((e) => e.at));
    if (!s.injected.some((e) => e.action === 'promote' && e.node === v && e.at >= firstAdd)) return false;
  }
  let elected = false;
  let kept = true;
  replay(s.trace, (l, w) => {
    if (l.type === 'role' && l.role === 'leader') elected = true;
    if (elected && !hasMajority(w, votersAt(s, l.t))) kept = false;
  });
  return elected && kept;
}

/** After a transferLeader, another node (the one named) became leader in the very next term, with no other
 *  candidate and no crash or partition in between. */
function transferLeadership(s: CheckInput): boolean {
  return s.injected.some((e) => {
    if (e.action !== 'transferLeader') return false;
    let from: { node: NodeId; term: number } | null = null;
    let result: boolean | null = null;
    const candidates = new Set<NodeId>();
    replay(s.trace, (l, w) => {
      if (result !== null) return;
      if (l.t <= e.at) {
        from = leaderOf(w);
        return;
      }
      const f = from as { node: NodeId; term: number } | null;
      if (!f || l.type === 'crash' || l.type === 'partition') result = false;
      else if (l.type === 'role' && (l.role === 'candidate' || l.role === 'precandidate')) candidates.add(l.node);
      else if (l.type === 'role' && l.role === 'leader' && l.node !== f.node) {
        const named = e.node === 'follower' || e.node === l.node;
        result = named && l.term === f.term + 1 && [...candidates].every((c) => c === l.node);
      }
    });
    return result === true;
  });
}

// ---------------------------------------------------------------------------------------------------------------

const all: ExerciseLogic[] = [
  {
    id: 'ha-one-crash',
    scenario: scenario(21, 3),
    controls: ['crash', 'restart', 'client', 'quorum', 'events'],
    check: haOneCrash,
    solution: [
      { at: 3000, action: (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' }) },
      { at: 3500, action: put('panier', '3 articles') },
    ],
    settle: 1500,
  },
  {
    id: 'lose-quorum',
    scenario: scenario(22, 3),
    controls: ['crash', 'restart', 'client', 'quorum', 'events'],
    check: loseQuorum,
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
    controls: ['crash', 'restart', 'isolate', 'quorum', 'events', 'messages'],
    check: provokeElection,
    solution: [{ at: 3000, action: { action: 'crash', node: 'leader' } }],
    settle: 8000,
  },
  {
    id: 'follower-catch-up',
    scenario: scenario(24, 3),
    controls: ['crash', 'restart', 'client', 'log', 'events'],
    check: followerCatchUp,
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
  {
    id: 'prevote-off-disruption',
    scenario: scenario(25, 3),
    controls: ['features', 'isolate', 'partition', 'quorum', 'events', 'messages'],
    check: prevoteOffDisruption,
    solution: [
      { at: 2500, action: { action: 'setFeatures', preVote: false } },
      { at: 3000, action: (s) => isolate(s, followersNow(s)[0]) },
      { at: 9000, action: { action: 'heal' } },
      { at: 14000, action: { action: 'setFeatures', preVote: true } },
      { at: 15000, action: (s) => isolate(s, followersNow(s)[0]) },
      { at: 21000, action: { action: 'heal' } },
    ],
    settle: DEPOSE_WINDOW + 500,
  },
  {
    id: 'restore-quorum',
    scenario: scenario(26, 3, {
      events: [
        { at: 2500, action: 'put', key: 'commande', value: '42' },
        { at: 4000, action: 'crash', node: 'leader' },
        { at: 4000, action: 'crash', node: 'follower' },
      ],
    }),
    controls: ['crash', 'restart', 'client', 'quorum', 'events'],
    check: restoreQuorum,
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
    scenario: scenario(27, 3, { events: [{ at: 2500, action: 'put', key: 'stock', value: '10' }] }),
    controls: ['isolate', 'partition', 'client', 'log', 'events'],
    check: staleSerializableRead,
    solution: [
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
    controls: ['membership', 'crash', 'restart', 'client', 'quorum', 'events'],
    check: smallestTwoFailures,
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
    controls: ['crash', 'restart', 'partition', 'client', 'quorum', 'events'],
    check: fourNodesTwoFailures,
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
    controls: ['partition', 'isolate', 'client', 'quorum', 'events'],
    check: splitFiveWritesContinue,
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
    controls: ['partition', 'isolate', 'client', 'quorum', 'events'],
    check: splitFiveWritesStop,
    solution: [
      { at: 3000, action: { action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4'], ['n5']] } },
      { at: 3500, action: put('panier', '0 article') },
    ],
    settle: 7000,
  },
  {
    id: 'grow-three-to-five',
    scenario: scenario(32, 3),
    controls: ['membership', 'client', 'quorum', 'log', 'events'],
    check: growThreeToFive,
    solution: [
      { at: 2500, action: { action: 'addMember', node: 'n4', learner: true } },
      { at: 4000, action: { action: 'promote', node: 'n4' } },
      { at: 5000, action: { action: 'addMember', node: 'n5', learner: true } },
      { at: 6500, action: { action: 'promote', node: 'n5' } },
    ],
    settle: 2000,
  },
  {
    id: 'transfer-leadership',
    scenario: scenario(33, 3),
    controls: ['membership', 'crash', 'restart', 'client', 'quorum', 'events'],
    check: transferLeadership,
    solution: [{ at: 3000, action: (s) => ({ action: 'transferLeader', node: followersNow(s)[0] ?? 'follower' }) }],
    settle: 2000,
  },
  {
    id: 'checkquorum-step-down',
    scenario: scenario(34, 3),
    controls: ['isolate', 'partition', 'features', 'quorum', 'events', 'messages'],
    check: checkquorumStepDown,
    solution: [
      { at: 3000, action: (s) => isolate(s, leaderNow(s)) },
      { at: 7000, action: { action: 'heal' } },
    ],
    settle: 1000,
  },
];

export const EXERCISES: Record<ExerciseId, ExerciseLogic> = Object.fromEntries(all.map((e) => [e.id, e])) as Record<
  ExerciseId,
  ExerciseLogic
>;
