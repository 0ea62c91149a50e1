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
import type { Action, CheckInput, ExerciseId, ExerciseLogic, OpView, ScenarioInput } from './types';

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

/** Every isolation of an up voter from a leader that kept its majority, healed with the same leader in place:
 *  was that leader deposed within DEPOSE_WINDOW of the heal? */
function isolationEpisodes(s: CheckInput): Isolation[] {
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
  return episodes;
}

/** Part 1: with PreVote off, an isolated follower, once healed, deposed a healthy leader. */
function prevoteOffDisrupted(s: CheckInput): Isolation | undefined {
  return isolationEpisodes(s).find((e) => !e.preVote && e.deposed);
}

/** PreVote off: a follower isolated then healed deposed a healthy leader; later, PreVote on: an isolation at
 *  least two election timeouts long, then healed, left the leader in place. */
function prevoteOffDisruption(s: CheckInput): boolean {
  const episodes = isolationEpisodes(s);
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
// Expected mistakes: when the learner could see each one (virtual ms), or null. The explanations are in text.ts.

type When = number | null;

function latest(xs: Iterable<number | null | undefined>): When {
  let m: When = null;
  for (const x of xs) if (x !== null && x !== undefined && (m === null || x > m)) m = x;
  return m;
}

/** When the learner sees an operation's fate. */
const seen = (o: OpView): number => o.endedAt ?? o.invokedAt;

const REFUSED = 'connection refused';

/** The latest put/get/delete the node it was sent to could not even receive (it was down), with `pred` true. */
function toDownNode(s: CheckInput, pred: (o: OpView) => boolean = () => true): When {
  return latest(s.ops.filter((o) => o.status === 'fail' && (o.error ?? '').includes(REFUSED) && pred(o)).map(seen));
}

/** Latest put that ended `status` (ok / failed) and whose world at invoke satisfies `pred`. */
function putsWhere(s: CheckInput, status: 'ok' | 'failed', pred: (w: World, o: OpView) => boolean): When {
  const worlds = new Map<number, World>();
  replay(s.trace, (l, w) => {
    if (l.type === 'invoke') worlds.set(l.op, { ...w, down: new Set(w.down), groups: w.groups?.map((g) => [...g]) });
  });
  return latest(
    s.ops
      .filter((o) => o.f === 'put' && (status === 'ok' ? o.status === 'ok' : failed(o)))
      .filter((o) => (status === 'failed' ? !(o.error ?? '').includes(REFUSED) : true))
      .filter((o) => {
        const w = worlds.get(o.op);
        return w !== undefined && pred(w, o);
      })
      .map(seen),
  );
}

/** Latest refused action (a `reject` line) of this kind, whose reason contains `reason` if given. */
function refused(s: CheckInput, action: Action['action'], reason = ''): When {
  return latest(s.trace.filter((l) => l.type === 'reject' && l.action.action === action && l.reason.includes(reason)).map((l) => l.t));
}

/** Latest crash (or isolation, with `isolation`) of a node that was a follower while a leader kept its majority. */
function hitFollower(s: CheckInput, isolation: boolean): When {
  const voters = s.scenario.members;
  let when: When = null;
  let prev: World | null = null;
  replay(s.trace, (l, w) => {
    const before = prev;
    prev = { ...w, down: new Set(w.down), groups: w.groups?.map((g) => [...g]), roles: new Map(w.roles) };
    if (!before) return;
    const lead = leaderOf(before);
    if (!lead) return;
    if (l.type === 'crash' && l.node !== lead.node) when = l.t;
    if (isolation && l.type === 'partition' && !cutOffFromMajority(w, lead.node, voters)) when = l.t;
  });
  return when;
}

/** Latest crash of the node that led at that moment. */
function crashedLeader(s: CheckInput): When {
  let when: When = null;
  let lead: { node: NodeId; term: number } | null = null;
  replay(s.trace, (l, w) => {
    if (l.type === 'crash' && lead && l.node === lead.node) when = l.t;
    lead = leaderOf(w);
  });
  return when;
}

function gets(s: CheckInput, consistency: 'linearizable' | 'serializable'): OpView[] {
  return s.ops.filter((o) => o.f === 'get' && (o.consistency ?? 'linearizable') === consistency);
}

/** Voters cut off from the majority at each op's invoke. */
function cutOffAtInvoke(s: CheckInput): Map<number, Set<NodeId>> {
  return atInvoke(s, (w) => new Set(allNodes(s).filter((n) => cutOffFromMajority(w, n, s.scenario.members))));
}

/** The last acknowledged value of `key` at time t (undefined: never written; null: deleted). */
function valueAt(s: CheckInput, key: string, t: number): string | null | undefined {
  let best: { at: number; v: string | null } | undefined;
  for (const o of s.ops) {
    if (o.key !== key || o.f === 'get' || o.status !== 'ok' || o.endedAt === undefined || o.endedAt > t) continue;
    if (!best || o.endedAt >= best.at) best = { at: o.endedAt, v: o.f === 'put' ? (o.value ?? '') : null };
  }
  return best?.v;
}

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

/** checkquorum-step-down: each partition that cut the leader of the moment off from the majority, whether
 *  CheckQuorum was on, whether that leader stepped down before the heal, and when the network healed. */
function leaderIsolations(s: CheckInput): { start: number; end: number | null; checkQuorum: boolean; steppedDown: boolean }[] {
  const voters = s.scenario.members;
  const out: { node: NodeId; start: number; end: number | null; checkQuorum: boolean; steppedDown: boolean }[] = [];
  let lead: { node: NodeId; term: number } | null = null;
  replay(s.trace, (l, w) => {
    const open = out.length > 0 && out[out.length - 1].end === null ? out[out.length - 1] : null;
    if (l.type === 'partition' && !open && lead && cutOffFromMajority(w, lead.node, voters))
      out.push({ node: lead.node, start: l.t, end: null, checkQuorum: featuresAt(s, l.t).checkQuorum, steppedDown: false });
    else if (l.type === 'heal' && open) open.end = l.t;
    else if (l.type === 'role' && open && l.node === open.node && l.role !== 'leader') open.steppedDown = true;
    lead = leaderOf(w);
  });
  return out;
}

/** grow-three-to-five, part 1: one new voter joined the way the exercise asks (learner, then promoted). */
function onePromotedLearner(s: CheckInput): boolean {
  return s.injected.some(
    (p) =>
      p.action === 'promote' &&
      s.injected.some((a) => a.action === 'addMember' && a.learner === true && a.node === p.node && a.at <= p.at) &&
      !s.trace.some((l) => l.type === 'reject' && l.t === p.at && l.action.action === 'promote'),
  );
}

// ---------------------------------------------------------------------------------------------------------------

const all: ExerciseLogic[] = [
  {
    id: 'ha-one-crash',
    scenario: scenario(21, 3),
    controls: ['crash', 'restart', 'client', 'quorum', 'events'],
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
    controls: ['crash', 'restart', 'client', 'quorum', 'events'],
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
    controls: ['crash', 'restart', 'isolate', 'quorum', 'events', 'messages'],
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
  {
    id: 'prevote-off-disruption',
    scenario: scenario(25, 3),
    controls: ['features', 'isolate', 'partition', 'quorum', 'events', 'messages'],
    check: prevoteOffDisruption,
    needsLeader: true,
    mistakes: [
      { id: 'leader-isolated', test: (s) => {
        let when: When = null;
        let lead: { node: NodeId; term: number } | null = null;
        replay(s.trace, (l, w) => {
          if (l.type === 'partition' && lead && cutOffFromMajority(w, lead.node, s.scenario.members)) when = l.t;
          lead = leaderOf(w);
        });
        return when;
      } },
      { id: 'prevote-on', test: (s) => {
        const first = prevoteOffDisrupted(s);
        return latest(isolationEpisodes(s).filter((e) => e.preVote && (!first || e.end < first.end)).map((e) => e.end));
      } },
      { id: 'too-short', test: (s) =>
        latest(isolationEpisodes(s).filter((e) => !e.preVote && e.watched).map((e) => e.end + DEPOSE_WINDOW)) },
      { id: 'too-short-prevote', test: (s) => {
        const first = prevoteOffDisrupted(s);
        const min = 2 * s.scenario.timing.electionTimeoutMs;
        return first ? latest(isolationEpisodes(s).filter((e) => e.preVote && e.start >= first.end && e.end - e.start < min).map((e) => e.end)) : null;
      } },
    ],
    parts: [(s) => prevoteOffDisrupted(s) !== undefined, prevoteOffDisruption],
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
    controls: ['members', 'crash', 'restart', 'client', 'quorum', 'events'],
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
    controls: ['crash', 'restart', 'partition', 'client', 'quorum', 'events'],
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
    controls: ['partition', 'isolate', 'client', 'quorum', 'events'],
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
    controls: ['partition', 'isolate', 'client', 'quorum', 'events'],
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
  {
    id: 'grow-three-to-five',
    scenario: scenario(32, 3),
    controls: ['members', 'client', 'quorum', 'log', 'events'],
    check: growThreeToFive,
    needsLeader: true,
    showCatchUp: true,
    mistakes: [
      { id: 'voter-directly', test: (s) => latest(s.injected.filter((e) => e.action === 'addMember' && !e.learner &&
        !s.trace.some((l) => l.type === 'reject' && l.t === e.at && l.action.action === 'addMember')).map((e) => e.at)) },
      { id: 'promote-refused', test: (s) => refused(s, 'promote', 'in sync') },
      { id: 'promote-busy', test: (s) => refused(s, 'promote', 'in progress') },
    ],
    parts: [onePromotedLearner, growThreeToFive],
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
    needsLeader: true,
    mistakes: [
      { id: 'crashed-leader', test: crashedLeader },
      { id: 'removed-leader', test: (s) => {
        let when: When = null;
        let lead: { node: NodeId; term: number } | null = null;
        replay(s.trace, (l, w) => {
          if (l.type === 'member' && l.action === 'removeMember' && lead && l.node === lead.node) when = l.t;
          lead = leaderOf(w);
        });
        return when;
      } },
    ],
    solution: [{ at: 3000, action: (s) => ({ action: 'transferLeader', node: followersNow(s)[0] ?? 'follower' }) }],
    settle: 2000,
  },
  {
    id: 'checkquorum-step-down',
    scenario: scenario(34, 3),
    controls: ['isolate', 'partition', 'features', 'quorum', 'events', 'messages'],
    check: checkquorumStepDown,
    needsLeader: false,
    mistakes: [
      { id: 'follower-isolated', test: (s) => hitFollower(s, true) },
      { id: 'checkquorum-off', test: (s) => leaderIsolations(s).filter((x) => !x.checkQuorum).reduce<When>((m, x) => latest([m, x.start]), null) },
      { id: 'healed-too-soon', test: (s) =>
        leaderIsolations(s).filter((x) => x.checkQuorum && !x.steppedDown && x.end !== null).reduce<When>((m, x) => latest([m, x.end]), null) },
    ],
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
