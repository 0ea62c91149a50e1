// Helpers shared by the exercises of every lesson: for solutions, for checks and for expected mistakes.
import type { NodeId } from '../raft/types';
import { allNodes, cutOffFromMajority, failed, leaderOf, replay, type World } from './history';
import type { Action, CheckInput, OpView, ScenarioInput } from './types';

// ---------------------------------------------------------------------------------------------------------------
// Helpers for solutions: name nodes from the state at the instant a step runs.

export function members(n: number): NodeId[] {
  return Array.from({ length: n }, (_, i) => `n${i + 1}`);
}

export function scenario(seed: number, n: number, extra: Partial<Exclude<ScenarioInput, string>> = {}): ScenarioInput {
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
export function target(s: CheckInput): NodeId | undefined {
  return leaderNow(s) ?? s.nodes.find((n) => n.up)?.id;
}

export function currentGroups(s: CheckInput): NodeId[][] | undefined {
  return replay(s.trace, () => {}).groups;
}

/** Cut `node` off from everybody else. */
export function isolate(s: CheckInput, node: NodeId | null | undefined): Action | null {
  if (!node) return null;
  return { action: 'partition', groups: [[node], allNodes(s).filter((n) => n !== node)] };
}

/** The node the current partition leaves alone, if any. */
export function isolatedNow(s: CheckInput): NodeId | undefined {
  const g = currentGroups(s);
  return g?.find((x) => x.length === 1)?.[0];
}

export function put(key: string, value: string) {
  return (s: CheckInput): Action => ({ action: 'put', key, value, node: target(s) });
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** For each put or get invoked, `f(world at its invoke line)`. */
export function atInvoke<T>(s: CheckInput, f: (w: World) => T): Map<number, T> {
  const m = new Map<number, T>();
  replay(s.trace, (l, w) => {
    if (l.type === 'invoke') m.set(l.op, f(w));
  });
  return m;
}

export const downCount = (w: World, voters: readonly NodeId[]) => voters.filter((v) => w.down.has(v)).length;

// ---------------------------------------------------------------------------------------------------------------
// Expected mistakes: when the learner could see each one (virtual ms), or null. The explanations are in text.ts.

export type When = number | null;

export function latest(xs: Iterable<number | null | undefined>): When {
  let m: When = null;
  for (const x of xs) if (x !== null && x !== undefined && (m === null || x > m)) m = x;
  return m;
}

/** When the learner sees an operation's fate. */
export const seen = (o: OpView): number => o.endedAt ?? o.invokedAt;

export const REFUSED = 'connection refused';

/** The latest put/get/delete the node it was sent to could not even receive (it was down), with `pred` true. */
export function toDownNode(s: CheckInput, pred: (o: OpView) => boolean = () => true): When {
  return latest(s.ops.filter((o) => o.status === 'fail' && (o.error ?? '').includes(REFUSED) && pred(o)).map(seen));
}

/** Latest put that ended `status` (ok / failed) and whose world at invoke satisfies `pred`. */
export function putsWhere(s: CheckInput, status: 'ok' | 'failed', pred: (w: World, o: OpView) => boolean): When {
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
export function refused(s: CheckInput, action: Action['action'], reason = ''): When {
  return latest(s.trace.filter((l) => l.type === 'reject' && l.action.action === action && l.reason.includes(reason)).map((l) => l.t));
}

/** Latest crash (or isolation, with `isolation`) of a node that was a follower while a leader kept its majority. */
export function hitFollower(s: CheckInput, isolation: boolean): When {
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
export function crashedLeader(s: CheckInput): When {
  let when: When = null;
  let lead: { node: NodeId; term: number } | null = null;
  replay(s.trace, (l, w) => {
    if (l.type === 'crash' && lead && l.node === lead.node) when = l.t;
    lead = leaderOf(w);
  });
  return when;
}

export function gets(s: CheckInput, consistency: 'linearizable' | 'serializable'): OpView[] {
  return s.ops.filter((o) => o.f === 'get' && (o.consistency ?? 'linearizable') === consistency);
}

/** Voters cut off from the majority at each op's invoke. */
export function cutOffAtInvoke(s: CheckInput): Map<number, Set<NodeId>> {
  return atInvoke(s, (w) => new Set(allNodes(s).filter((n) => cutOffFromMajority(w, n, s.scenario.members))));
}

/** The last acknowledged value of `key` at time t (undefined: never written; null: deleted). */
export function valueAt(s: CheckInput, key: string, t: number): string | null | undefined {
  let best: { at: number; v: string | null } | undefined;
  for (const o of s.ops) {
    if (o.key !== key || o.f === 'get' || o.status !== 'ok' || o.endedAt === undefined || o.endedAt > t) continue;
    if (!best || o.endedAt >= best.at) best = { at: o.endedAt, v: o.f === 'put' ? (o.value ?? '') : null };
  }
  return best?.v;
}
