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
}

export function newNode(id: NodeId, config: Config, joinAs: 'voter' | 'learner'): NodeState {
  const snap: Snapshot = { index: 0, term: 0, config, kv: emptyKv() };
  return {
    id,
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

/** Every message has the same fields in the same order (one hidden class: the hot path stays monomorphic). */
export function msg(type: MessageType, from: NodeId, to: NodeId, term: number, index: number, logTerm: number): Message {
  return {
    k: 0,
    id: 0,
    type,
    from,
    to,
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
  };
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

export function newProgress(next: number): Progress {
  return {
    match: 0,
    next,
    state: 'probe',
    paused: false,
    active: false,
    snapSentAt: -1,
  };
}
