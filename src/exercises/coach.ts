// What the exercise block tells a learner who has not reached the goal yet: the expected mistake just made
// (issue 20, item 2), a dead end (item 3), the parts done so far (item 6) and, where the exercise depends on
// it, how far behind the leader the members added during the run are (item 4). Pure functions of CheckInput.
import { quorumSize } from '../raft/quorum';
import type { NodeId, Role } from '../raft/types';
import { largestConnectedUp, replay, type World } from './history';
import type { CheckInput, DeadEndId, ExerciseLogic } from './types';

/** The expected mistake the learner sees now: the latest one made, unless the learner has acted since. */
export function mistakeOf(logic: ExerciseLogic, s: CheckInput): string | null {
  let best: { id: string; at: number } | null = null;
  for (const m of logic.mistakes) {
    let at: number | null = null;
    try {
      at = m.test(s);
    } catch {
      at = null;
    }
    if (at !== null && (!best || at > best.at)) best = { id: m.id, at };
  }
  if (!best) return null;
  // A later move of the learner means they are trying something else: the message has done its work.
  const lastMove = s.injected.reduce((t, e) => Math.max(t, e.at), -Infinity);
  return best.at >= lastMove ? best.id : null;
}

/** Is the goal out of reach from the current state? For an exercise that needs a leader: no majority of the
 *  voters is up (restart one), or none is on one side of the network (reconnect it). Only after the learner
 *  has acted: a scripted fault is part of the exercise. */
export function deadEndOf(logic: ExerciseLogic, s: CheckInput): DeadEndId | null {
  if (!logic.needsLeader || s.injected.length === 0) return null;
  const voters = s.quorum.voters;
  if (voters.length === 0) return null;
  const q = quorumSize(voters.length);
  if (s.quorum.up.length < q) return 'no-majority-down';
  const w: World = replay(s.trace, () => {});
  for (const n of s.nodes) if (!n.up) w.down.add(n.id);
  if (largestConnectedUp(w, voters) < q) return 'no-majority-split';
  return null;
}

/** Which parts of a multi-part goal are done (empty for a one-part goal). */
export function partsOf(logic: ExerciseLogic, s: CheckInput): boolean[] {
  return (logic.parts ?? []).map((p) => {
    try {
      return p(s);
    } catch {
      return false;
    }
  });
}

export interface CatchUpRow {
  node: NodeId;
  role: Role;
  up: boolean;
  /** Entries the leader has that this member does not (0: up to date); null when there is no leader. */
  behind: number | null;
}

/** The members added during the run (not in the starting scenario) and how far behind the leader they are. */
export function catchUpOf(logic: ExerciseLogic, s: CheckInput): CatchUpRow[] {
  if (!logic.showCatchUp) return [];
  const start = new Set([...s.scenario.members, ...(s.scenario.learners ?? [])]);
  const leader = s.nodes.find((n) => n.id === s.quorum.leader && n.up && n.role === 'leader');
  return s.nodes
    .filter((n) => !start.has(n.id) && !n.removed)
    .map((n) => {
      if (!leader || !n.up) return { node: n.id, role: n.role, up: n.up, behind: null };
      const match = n.id === leader.id ? leader.lastIndex : (leader.matchIndex?.[n.id] ?? 0);
      return { node: n.id, role: n.role, up: true, behind: Math.max(0, leader.lastIndex - match) };
    });
}

export interface Diagnosis {
  mistake: string | null;
  deadEnd: DeadEndId | null;
  parts: boolean[];
  catchUp: CatchUpRow[];
}

export function diagnose(logic: ExerciseLogic, s: CheckInput): Diagnosis {
  return { mistake: mistakeOf(logic, s), deadEnd: deadEndOf(logic, s), parts: partsOf(logic, s), catchUp: catchUpOf(logic, s) };
}

/** A moment that mattered in the learner's run, for the timeline shown after success (issue 20, "Beyond"). */
export interface Moment {
  t: number;
  kind: 'crash' | 'restart' | 'partition' | 'heal' | 'election' | 'write' | 'write-failed' | 'read' | 'read-failed' | 'refused' | 'member' | 'features';
  node?: NodeId;
  term?: number;
  key?: string;
  value?: string;
}

/** The moments that mattered, in order: faults and repairs, elections after the first, writes and reads with
 *  their fate, refused actions, membership changes. At most `max`, the latest kept. */
export function momentsOf(s: CheckInput, max = 14): Moment[] {
  const ops = new Map(s.ops.map((o) => [o.op, o]));
  const out: Moment[] = [];
  let firstElection = true;
  for (const l of s.trace) {
    switch (l.type) {
      case 'crash':
      case 'restart':
        out.push({ t: l.t, kind: l.type, node: l.node });
        break;
      case 'partition':
      case 'heal':
        out.push({ t: l.t, kind: l.type });
        break;
      case 'role':
        if (l.role !== 'leader') break;
        if (firstElection) firstElection = false;
        else out.push({ t: l.t, kind: 'election', node: l.node, term: l.term });
        break;
      case 'ok':
      case 'fail':
      case 'info': {
        const o = ops.get(l.op);
        if (!o) break;
        const read = o.f === 'get';
        const kind = l.type === 'ok' ? (read ? 'read' : 'write') : read ? 'read-failed' : 'write-failed';
        out.push({ t: l.t, kind, key: o.key, value: read ? (l.type === 'ok' ? (o.result ?? undefined) : undefined) : o.value, node: o.node ?? undefined });
        break;
      }
      case 'reject':
        out.push({ t: l.t, kind: 'refused', node: 'node' in l.action ? String(l.action.node) : undefined });
        break;
      default:
        if ((l as { type: string }).type === 'member') {
          const m = l as unknown as { t: number; node: NodeId };
          out.push({ t: m.t, kind: 'member', node: m.node });
        }
    }
  }
  for (const e of s.injected) if (e.action === 'setFeatures') out.push({ t: e.at, kind: 'features' });
  out.sort((a, b) => a.t - b.t);
  return out.slice(-max);
}
