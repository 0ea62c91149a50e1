// The exercises of lessons 08 and 09 (Raft safety, conclusion): their checks, expected mistakes and definitions.
import type { NodeId } from '../../raft/types';
import { cutOffFromMajority, featuresAt, hasMajority, leaderOf, replay, votersAt } from '../history';
import {
  crashedLeader,
  followersNow,
  hitFollower,
  isolate,
  latest,
  leaderNow,
  refused,
  scenario,
  type When,
} from '../helpers';
import type { CheckInput, ExerciseLogic } from '../types';

// ---------------------------------------------------------------------------------------------------------------
// Checks

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
// Expected mistakes (the explanations are in text.ts)

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

export const LESSONS_08_09: ExerciseLogic[] = [
  {
    id: 'prevote-off-disruption',
    scenario: scenario(25, 3),
    controls: ['features', 'isolate', 'partition', 'events', 'messages'],
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
    id: 'grow-three-to-five',
    scenario: scenario(32, 3),
    controls: ['members', 'client', 'log', 'events'],
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
    controls: ['membership', 'crash', 'restart', 'client', 'events'],
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
    controls: ['isolate', 'partition', 'features', 'events', 'messages'],
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
