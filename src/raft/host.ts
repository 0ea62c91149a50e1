// What a Raft node needs from the outside (the Host, played by the simulation's engine or by a fake host in the
// step-level tests), and the small helpers every part of a node uses: message construction, role helpers.
// No I/O, no clock, no randomness other than `host.rng`.
import { cloneKv, emptyKv } from './kv';
import { type Rng } from './rng';
import type { IndexLineType } from './tracestore';
import type { Config, Entry, LogEntry, Message, MessageType, NodeId, NodeState, Progress, Role, SimEvent, Snapshot, TraceLine } from './types';

export interface Host {
  now: number;
  rng: Rng;
  /** Base election timeout T and heartbeat interval, in virtual ms. */
  T: number;
  H: number;
  preVote: boolean;
  checkQuorum: boolean;
  snapshotEntries: number;
  /** Someone subscribed: build explanation events (cheap check on the hot path). */
  listening: boolean;
  /** Trace lines are kept or someone listens: build them (otherwise skip the allocation). */
  recording: boolean;
  send(m: Message): void;
  /** Record a contract trace line (and tell subscribers). */
  line(l: TraceLine): void;
  /** Record a commit, apply (with its entry) or snapshot line of node `node` at `now`, without building it. */
  indexLine(type: IndexLineType, node: NodeId, index: number, term: number, entry?: Entry): void;
  emit(e: SimEvent): void;
  armTimer(n: NodeState): void;
  /** An entry was applied on node n (client completion, member removal). */
  onApplied(n: NodeState, le: LogEntry): void;
  /** A linearizable read can now be answered from n's state. */
  onReadReady(n: NodeState, op: number): void;
  /** n has just become leader (the host drops members whose addition this leader's log does not hold). */
  onLeader(n: NodeState): void;
  /** A node's position in the member list (NodeState.ix), -1 for a name it does not know: for messages sent to a
   *  node named by a configuration or a client (votes, forwards), off the hot path. */
  ixOf(id: NodeId): number;
}

export function newNode(id: NodeId, ix: number, config: Config, joinAs: 'voter' | 'learner'): NodeState {
  const snap: Snapshot = { index: 0, term: 0, config, kv: emptyKv() };
  return {
    id,
    ix,
    up: true,
    removed: false,
    joinAs,
    term: 0,
    votedFor: null,
    log: [],
    logLength: 0,
    logShared: false,
    snap,
    role: 'follower',
    leader: null,
    commitIndex: 0,
    lastApplied: 0,
    kv: cloneKv(snap.kv),
    config,
    configIndex: 0,
    electionTimeout: 0,
    lastReset: 0,
    timerAt: -1,
    timerGen: 0,
    votes: new Map(),
    progress: new Map(),
    progressIx: [],
    heartbeatDue: 0,
    checkQuorumAt: 0,
    transferee: null,
    transferDeadline: 0,
    reads: [],
    readCtx: 0,
    waitingReads: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export function isVoter(n: NodeState): boolean {
  return n.config.voters.indexOf(n.id) >= 0;
}

export function isLearnerNow(n: NodeState): boolean {
  if (n.config.learners.indexOf(n.id) >= 0) return true;
  return !isVoter(n) && n.joinAs === 'learner';
}

export function followerRole(n: NodeState): Role {
  return isLearnerNow(n) ? 'learner' : 'follower';
}

/** Delivered messages that nothing holds any more, for `newMessage` to fill again (see `releaseMessage`). */
const spare: Message[] = [];

/** A message from node n to `to` (at position `toIx` of the member list). */
export function msg(type: MessageType, n: NodeState, to: NodeId, toIx: number, term: number, index: number, logTerm: number): Message {
  return newMessage(type, n.id, n.ix, to, toIx, term, index, logTerm);
}

/** Every message has the same fields in the same order (one hidden class: the hot path stays monomorphic): a
 *  spare one is filled field by field, in the order of the literal that makes a new one. */
export function newMessage(type: MessageType, from: NodeId, fromIx: number, to: NodeId, toIx: number, term: number, index: number, logTerm: number): Message {
  const m = spare.pop();
  if (m !== undefined) {
    m.k = 0;
    m.id = 0;
    m.type = type;
    m.from = from;
    m.to = to;
    m.fromIx = fromIx;
    m.toIx = toIx;
    m.term = term;
    m.sentAt = 0;
    m.arriveAt = 0;
    m.lost = false;
    m.index = index;
    m.logTerm = logTerm;
    m.entries = undefined;
    m.commit = 0;
    m.heartbeat = false;
    m.ctx = 0;
    m.reject = false;
    m.x = undefined;
    m.held = false;
    return m;
  }
  return {
    k: 0,
    id: 0,
    type,
    from,
    to,
    fromIx,
    toIx,
    term,
    sentAt: 0,
    arriveAt: 0,
    lost: false,
    index,
    logTerm,
    entries: undefined,
    commit: 0,
    heartbeat: false,
    ctx: 0,
    reject: false,
    x: undefined,
    held: false,
  };
}

/** A copy of a message (a duplicate the network delivers twice), made by `newMessage` like every other. */
export function copyMessage(m: Message): Message {
  const d = newMessage(m.type, m.from, m.fromIx, m.to, m.toIx, m.term, m.index, m.logTerm);
  d.k = m.k;
  d.id = m.id;
  d.sentAt = m.sentAt;
  d.arriveAt = m.arriveAt;
  d.lost = m.lost;
  d.entries = m.entries;
  d.commit = m.commit;
  d.heartbeat = m.heartbeat;
  d.ctx = m.ctx;
  d.reject = m.reject;
  d.x = m.x;
  return d;
}

/**
 * A message delivered (or dropped) that nothing holds any more: `newMessage` fills it again instead of making a new one.
 * A message a checkpoint's queue shares (`held`, set by Engine.checkpoint) is never given back: a restore puts it
 * in flight again. A Timeline thus reuses every message sent and delivered between two checkpoints, nearly all of
 * them (5 voters under load, once V8 has settled: ~1,480 -> ~1,900-2,350x real time; copying the queue at each
 * checkpoint instead measured slower). Most of what a run allocates is messages; reusing them spares the garbage
 * collector most of its passes (the first run in a fresh tab, whose young generation starts small, pays for each).
 */
export function releaseMessage(m: Message): void {
  if (m.held || spare.length >= 1024) return;
  // What it carried may be garbage now: a message in the spare list must not keep it alive.
  m.entries = undefined;
  m.x = undefined;
  spare.push(m);
}

export function traceRole(h: Host, n: NodeState): void {
  h.line({ t: h.now, type: 'role', node: n.id, role: n.role, term: n.term });
}

/** Every node named by a configuration this node holds (its snapshot's or any in its log). */
export function knownMembers(n: NodeState): Set<NodeId> {
  const out = new Set<NodeId>([...n.snap.config.voters, ...n.snap.config.learners]);
  for (const le of n.log) if (le.entry.kind === 'config') for (const id of [...le.entry.members, ...le.entry.learners]) out.add(id);
  return out;
}

/** Start tracking follower `id` (leader state), in both of the node's views of its progress records. */
export function addProgress(h: Host, n: NodeState, id: NodeId, next: number): void {
  const pr = newProgress(id, h.ixOf(id), next);
  n.progress.set(id, pr);
  if (pr.ix >= 0) n.progressIx[pr.ix] = pr;
}

export function dropProgress(n: NodeState, id: NodeId): void {
  const pr = n.progress.get(id);
  if (pr === undefined) return;
  n.progress.delete(id);
  if (pr.ix >= 0) n.progressIx[pr.ix] = undefined;
}

/** No follower tracked (the node is not leader, or is becoming one). */
export function clearProgress(n: NodeState): void {
  n.progress = new Map();
  n.progressIx = [];
}

function newProgress(id: NodeId, ix: number, next: number): Progress {
  return {
    id,
    ix,
    match: 0,
    next,
    state: 'probe',
    paused: false,
    active: false,
    snapSentAt: -1,
  };
}
