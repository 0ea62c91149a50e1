// One Raft node as a state machine, in the manner of etcd-io/raft raft.go: messages go in through
// `stepNode`, which handles what is common to every role (terms, votes) and then dispatches to the
// step function of the node's role (`STEP[n.role]`, the table that plays the part of etcd's swapped
// `r.step` field while keeping the state plain data). Timers come in through `onTimer`. Everything the
// node does to the outside (send a message, write a trace line, answer a client) goes through `Host`,
// implemented by the Simulation (cluster.ts). No I/O, no clock, no randomness other than `host.rng`.
//
// Membership changes: one voter change at a time, carried by a `config` entry, and a configuration takes
// effect on a node as soon as the entry is in its log, committed or not (Raft thesis section 4.1; the
// approach etcd's own "one change at a time" rule is built on). Why on append rather than on apply:
// every node then uses the latest configuration it holds, and two adjacent configurations always share
// a majority, so election safety does not depend on how far behind a node is in applying entries. The
// leader proposes a change only once the previous one is committed and it has committed an entry of its
// own term (the fix to the single-server change bug, Ongaro, raft-dev 2015). A truncated config entry
// rolls the node back to the previous configuration.
import { applyToKv, cloneKv, emptyKv } from './kv';
import { configAt, entryAt, findConflictByTerm, isUpToDate, lastIndex, lastTerm, sliceLog, termAt } from './log';
import { quorumMatch, quorumSize, voteResult } from './quorum';
import { intIn, type Rng } from './rng';
import type {
  Config,
  Entry,
  LogEntry,
  Message,
  MessageType,
  NodeId,
  NodeState,
  Progress,
  Role,
  SimEvent,
  Snapshot,
  StepdownReason,
  TraceLine,
  VoteReason,
} from './types';

/** Entries per AppendEntries message (etcd's MaxSizePerMsg, counted in entries). */
const MAX_ENTRIES_PER_MSG = 64;

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

function isLearnerNow(n: NodeState): boolean {
  if (n.config.learners.indexOf(n.id) >= 0) return true;
  return !isVoter(n) && n.joinAs === 'learner';
}

function followerRole(n: NodeState): Role {
  return isLearnerNow(n) ? 'learner' : 'follower';
}

/** Every message has the same fields in the same order (one hidden class: the hot path stays monomorphic). */
export function msg(type: MessageType, from: NodeId, to: NodeId, term: number, index: number, logTerm: number): Message {
  return {
    k: 0,
    t: 0,
    id: 0,
    type,
    from,
    to,
    term,
    sentAt: 0,
    arriveAt: 0,
    seq: 0,
    lost: false,
    index,
    logTerm,
    entries: undefined,
    commit: 0,
    heartbeat: false,
    ctx: 0,
    reject: false,
    hint: 0,
    granted: undefined,
    transfer: false,
    snapshot: undefined,
    op: undefined,
    origin: undefined,
    entry: undefined,
  };
}

function traceRole(h: Host, n: NodeState): void {
  h.line({ t: h.now, type: 'role', node: n.id, role: n.role, term: n.term });
}

/** etcd's reset(term): new term clears the vote; every role change redraws the randomised timeout. */
function reset(h: Host, n: NodeState, term: number): void {
  if (n.term !== term) {
    n.term = term;
    n.votedFor = null;
  }
  n.leader = null;
  n.votes = new Map();
  n.electionTimeout = intIn(h.rng, h.T, 2 * h.T - 1);
  n.lastReset = h.now;
  n.progress = new Map();
  n.transferee = null;
  n.reads = [];
}

// ---------------------------------------------------------------------------------------------
// Role transitions

export function becomeFollower(h: Host, n: NodeState, term: number, lead: NodeId | null, why: StepdownReason = 'higher-term'): void {
  const oldRole = n.role;
  const oldTerm = n.term;
  if (oldRole === 'leader' && h.listening) h.emit({ type: 'stepdown', t: h.now, node: n.id, term, reason: why });
  reset(h, n, term);
  n.leader = lead;
  n.role = followerRole(n);
  if (n.role !== oldRole || n.term !== oldTerm) traceRole(h, n);
  h.armTimer(n);
}

function becomePreCandidate(h: Host, n: NodeState): void {
  // Like etcd: PreVote changes neither the term nor the vote, and does not redraw the timeout.
  n.votes = new Map();
  n.leader = null;
  n.progress = new Map();
  n.reads = [];
  if (n.role !== 'precandidate') {
    n.role = 'precandidate';
    traceRole(h, n);
  }
}

function becomeCandidate(h: Host, n: NodeState): void {
  reset(h, n, n.term + 1);
  n.votedFor = n.id;
  n.role = 'candidate';
  traceRole(h, n);
  h.armTimer(n);
}

function becomeLeader(h: Host, n: NodeState): void {
  reset(h, n, n.term);
  n.role = 'leader';
  n.leader = n.id;
  const next = lastIndex(n) + 1;
  for (const id of n.config.voters) if (id !== n.id) n.progress.set(id, newProgress(next));
  for (const id of n.config.learners) if (id !== n.id) n.progress.set(id, newProgress(next));
  n.heartbeatDue = h.now + h.H;
  n.checkQuorumAt = h.now + h.T;
  traceRole(h, n);
  // A no-op at the start of the term lets the leader commit, and so learn the commit point of earlier
  // terms (section 5.4.2 / figure 8: entries of older terms are never committed by counting replicas).
  appendLocal(h, n, { kind: 'noop' });
  bcastAppend(h, n);
  h.armTimer(n);
  h.onLeader(n);
}

/** Every node named by a configuration this node holds (its snapshot's or any in its log). */
export function knownMembers(n: NodeState): Set<NodeId> {
  const out = new Set<NodeId>([...n.snap.config.voters, ...n.snap.config.learners]);
  for (const le of n.log) if (le.entry.kind === 'config') for (const id of [...le.entry.members, ...le.entry.learners]) out.add(id);
  return out;
}

function newProgress(next: number): Progress {
  return { match: 0, next, state: 'probe', paused: false, active: false, snapSentAt: -1 };
}

/** Start an election: a PreVote round first when enabled, or a real one (`transfer`: after TimeoutNow). */
export function campaign(h: Host, n: NodeState, kind: 'pre' | 'election' | 'transfer'): void {
  let voteTerm: number;
  let type: MessageType;
  if (kind === 'pre') {
    becomePreCandidate(h, n);
    voteTerm = n.term + 1;
    type = 'PreVote';
  } else {
    becomeCandidate(h, n);
    voteTerm = n.term;
    type = 'RequestVote';
  }
  n.votes.set(n.id, true);
  if (voteResult(n.config.voters, n.votes) === 'won') {
    if (kind === 'pre') campaign(h, n, 'election');
    else becomeLeader(h, n);
    return;
  }
  const li = lastIndex(n);
  const lt = lastTerm(n);
  for (const id of n.config.voters) {
    if (id === n.id) continue;
    const m = msg(type, n.id, id, voteTerm, li, lt);
    if (kind === 'transfer') m.transfer = true;
    h.send(m);
  }
}

/** The election timer fired (etcd's tickElection reaching the randomised timeout, then MsgHup). */
function hup(h: Host, n: NodeState): void {
  if (n.role === 'leader' || !isVoter(n)) return;
  n.lastReset = h.now;
  if (h.listening) h.emit({ type: 'timeout', t: h.now, node: n.id, term: n.term, kind: h.preVote ? 'prevote' : 'election' });
  campaign(h, n, h.preVote ? 'pre' : 'election');
  h.armTimer(n);
}

// ---------------------------------------------------------------------------------------------
// Timers

/** When the node's next timer should fire (null: none, e.g. a learner or a member not yet configured). */
export function timerDue(h: Host, n: NodeState): number | null {
  if (!n.up) return null;
  if (n.role === 'leader') return h.checkQuorum || n.transferee !== null ? Math.min(n.heartbeatDue, n.checkQuorumAt) : n.heartbeatDue;
  if (!isVoter(n)) return null;
  return n.lastReset + n.electionTimeout;
}

export function onTimer(h: Host, n: NodeState): void {
  if (n.role === 'leader') {
    tickLeader(h, n);
    return;
  }
  if (!isVoter(n)) return;
  if (h.now >= n.lastReset + n.electionTimeout) hup(h, n);
  else h.armTimer(n);
}

function tickLeader(h: Host, n: NodeState): void {
  const now = h.now;
  if (now >= n.checkQuorumAt) {
    n.checkQuorumAt = now + h.T;
    n.lastReset = now; // the leader's own "election elapsed", used by its lease
    if (n.transferee !== null && now >= n.transferDeadline) n.transferee = null; // transfer timed out
    if (h.checkQuorum) {
      // CheckQuorum: a leader that has not heard from a majority of voters within an election timeout
      // steps down, so a leader cut off in a minority stops accepting writes (etcd raft.go checkQuorum).
      let active = 0;
      for (const id of n.config.voters) {
        if (id === n.id) active++;
        else {
          const pr = n.progress.get(id);
          if (pr && pr.active) active++;
        }
      }
      for (const pr of n.progress.values()) pr.active = false;
      if (active < quorumSize(n.config.voters.length)) {
        becomeFollower(h, n, n.term, null, 'check-quorum');
        return;
      }
    }
  }
  if (now >= n.heartbeatDue) {
    n.heartbeatDue = now + h.H;
    bcastHeartbeat(h, n, 0);
  }
  h.armTimer(n);
}

// ---------------------------------------------------------------------------------------------
// Step: what every role does first (terms and votes), then the role's own step function

export function stepNode(h: Host, n: NodeState, m: Message): void {
  if (m.term === 0) {
    // Client traffic forwarded between nodes: no term (etcd's MsgProp / MsgReadIndex are local messages).
  } else if (m.term > n.term) {
    if (m.type === 'RequestVote' || m.type === 'PreVote') {
      // Leader lease (etcd, with CheckQuorum): a node that heard from a leader within the election timeout
      // ignores vote requests, so a node coming back from a partition cannot depose a healthy leader.
      const inLease = h.checkQuorum && n.leader !== null && h.now - n.lastReset < h.T;
      if (inLease && !m.transfer) {
        voteEvent(h, n, m, false, 'lease');
        return;
      }
    }
    if (m.type === 'PreVote' || (m.type === 'PreVoteResponse' && m.granted)) {
      // A pre-vote never changes the term: that is its point (thesis section 9.6).
    } else if (m.type === 'RequestVote' && n.role !== 'leader') {
      // Adopt the term, but keep the election timer running: it restarts only when this node grants the
      // vote (handleVoteRequest) or hears from a leader, as the paper's figure 2 says. etcd resets it here
      // (becomeFollower -> reset), so with PreVote off a candidate whose log is behind keeps the one node
      // that could win from ever timing out; the paper's rule keeps elections live (found by the property
      // tests: no leader for 10 election timeouts in 5 of 5000 random runs).
      const { lastReset, electionTimeout } = n;
      becomeFollower(h, n, m.term, null);
      n.lastReset = lastReset;
      n.electionTimeout = electionTimeout;
      h.armTimer(n);
    } else {
      const lead = m.type === 'AppendEntries' || m.type === 'InstallSnapshot' ? m.from : null;
      becomeFollower(h, n, m.term, lead, m.transfer ? 'transfer' : 'higher-term');
    }
  } else if (m.term < n.term) {
    if ((h.checkQuorum || h.preVote) && m.type === 'AppendEntries') {
      // Tell a stale leader about the new term, or it would never step down (etcd raft.go Step).
      h.send(msg('AppendEntriesResponse', n.id, m.from, n.term, 0, 0));
    } else if (m.type === 'PreVote') {
      voteEvent(h, n, m, false, 'stale-term');
      const r = msg('PreVoteResponse', n.id, m.from, n.term, 0, 0);
      r.granted = false;
      h.send(r);
    } else if (m.type === 'RequestVote') {
      voteEvent(h, n, m, false, 'stale-term');
    }
    return;
  }

  if (m.type === 'RequestVote' || m.type === 'PreVote') {
    handleVoteRequest(h, n, m);
    return;
  }
  switch (n.role) {
    case 'leader':
      stepLeader(h, n, m);
      break;
    case 'candidate':
    case 'precandidate':
      stepCandidate(h, n, m);
      break;
    default:
      stepFollower(h, n, m);
  }
}

function voteEvent(h: Host, n: NodeState, m: Message, granted: boolean, reason?: VoteReason): void {
  if (!h.listening) return;
  h.emit({ type: 'vote', t: h.now, from: n.id, to: m.from, term: m.term, granted, prevote: m.type === 'PreVote', reason });
}

function handleVoteRequest(h: Host, n: NodeState, m: Message): void {
  const pre = m.type === 'PreVote';
  const canVote = n.votedFor === m.from || (n.votedFor === null && n.leader === null) || (pre && m.term > n.term);
  const upToDate = isUpToDate(n, m.index, m.logTerm);
  const r = msg(pre ? 'PreVoteResponse' : 'RequestVoteResponse', n.id, m.from, n.term, 0, 0);
  if (canVote && upToDate) {
    voteEvent(h, n, m, true);
    r.term = m.term;
    r.granted = true;
    if (!pre) {
      // Granting a vote restarts the election timer (figure 2), with a fresh random draw as etcd's reset().
      n.lastReset = h.now;
      n.electionTimeout = intIn(h.rng, h.T, 2 * h.T - 1);
      n.votedFor = m.from;
      h.armTimer(n);
    }
  } else {
    voteEvent(h, n, m, false, !upToDate ? 'log-behind' : n.votedFor !== null ? 'already-voted' : 'has-leader');
    r.granted = false;
  }
  h.send(r);
}

function stepFollower(h: Host, n: NodeState, m: Message): void {
  switch (m.type) {
    case 'AppendEntries':
      n.lastReset = h.now;
      n.leader = m.from;
      handleAppend(h, n, m);
      return;
    case 'InstallSnapshot':
      n.lastReset = h.now;
      n.leader = m.from;
      handleSnapshot(h, n, m);
      return;
    case 'Propose':
    case 'ReadIndex':
      // A follower forwards to the leader it knows; without one the request is dropped (the client times out).
      if (n.leader !== null && n.leader !== n.id) {
        const f = msg(m.type, n.id, n.leader, 0, 0, 0);
        f.op = m.op;
        f.entry = m.entry;
        f.origin = m.origin ?? m.from; // the ReadIndexResponse goes back to the node the client talks to
        h.send(f);
      }
      return;
    case 'ReadIndexResponse':
      readIndexKnown(h, n, m.op as number, m.index);
      return;
    case 'TimeoutNow':
      if (n.role === 'learner' || !isVoter(n)) return;
      if (h.listening) h.emit({ type: 'timeout', t: h.now, node: n.id, term: n.term, kind: 'transfer' });
      campaign(h, n, 'transfer');
      return;
    default:
  }
}

function stepCandidate(h: Host, n: NodeState, m: Message): void {
  switch (m.type) {
    case 'AppendEntries':
      becomeFollower(h, n, m.term, m.from);
      handleAppend(h, n, m);
      return;
    case 'InstallSnapshot':
      becomeFollower(h, n, m.term, m.from);
      handleSnapshot(h, n, m);
      return;
    case 'PreVoteResponse':
    case 'RequestVoteResponse': {
      const mine = n.role === 'precandidate' ? 'PreVoteResponse' : 'RequestVoteResponse';
      if (m.type !== mine) return;
      n.votes.set(m.from, m.granted === true);
      const res = voteResult(n.config.voters, n.votes);
      if (res === 'won') {
        if (n.role === 'precandidate') campaign(h, n, 'election');
        else becomeLeader(h, n);
      } else if (res === 'lost') {
        becomeFollower(h, n, n.term, null);
      }
      return;
    }
    default:
    // Proposals and reads reaching a candidate are dropped: it knows no leader.
  }
}

// ---------------------------------------------------------------------------------------------
// Follower side of replication

function handleAppend(h: Host, n: NodeState, m: Message): void {
  const r = msg('AppendEntriesResponse', n.id, m.from, n.term, 0, 0);
  if (m.heartbeat) {
    // The leader sends min(its commit, our match), so this index is in our log and matches.
    commitTo(h, n, Math.min(m.commit as number, lastIndex(n)));
    r.heartbeat = true;
    r.ctx = m.ctx;
    h.send(r);
    return;
  }
  if (m.index < n.commitIndex) {
    r.index = n.commitIndex;
    h.send(r);
    return;
  }
  if (termAt(n, m.index) === m.logTerm) {
    const ents = m.entries as LogEntry[];
    const lastNew = m.index + ents.length;
    appendFromLeader(h, n, ents);
    commitTo(h, n, Math.min(m.commit as number, lastNew));
    r.index = lastNew;
    h.send(r);
    return;
  }
  // Consistency check failed (section 5.3): reject with a hint so the leader skips a whole term at once.
  const hint = findConflictByTerm(n, Math.min(m.index, lastIndex(n)), m.logTerm);
  r.reject = true;
  r.index = m.index;
  r.hint = hint;
  r.logTerm = Math.max(termAt(n, hint), 0);
  h.send(r);
}

/** Append entries after a matching prefix, truncating at the first conflict (section 5.3). */
function appendFromLeader(h: Host, n: NodeState, ents: LogEntry[]): void {
  const last = lastIndex(n);
  let k = 0;
  for (; k < ents.length; k++) {
    const e = ents[k];
    if (e.index > last) break;
    if (termAt(n, e.index) !== e.term) {
      if (e.index <= n.commitIndex) throw new Error(`raft: ${n.id} would truncate committed entry ${e.index}`);
      n.log.length = e.index - n.snap.index - 1;
      if (n.configIndex >= e.index) {
        const c = configAt(n, e.index - 1);
        setConfig(h, n, c.config, c.index);
      }
      break;
    }
  }
  for (; k < ents.length; k++) {
    const e = ents[k];
    n.log.push(e);
    if (e.entry.kind === 'config') setConfig(h, n, { voters: e.entry.members, learners: e.entry.learners }, e.index);
  }
}

function handleSnapshot(h: Host, n: NodeState, m: Message): void {
  const s = m.snapshot as Snapshot;
  const r = msg('InstallSnapshotResponse', n.id, m.from, n.term, 0, 0);
  if (s.index <= n.commitIndex) {
    r.index = n.commitIndex;
  } else if (termAt(n, s.index) === s.term) {
    commitTo(h, n, s.index); // our log already holds it: just fast-forward the commit
    r.index = s.index;
  } else {
    n.snap = s;
    n.log = [];
    n.kv = cloneKv(s.kv);
    n.lastApplied = s.index;
    n.commitIndex = s.index;
    const waiting = n.waitingReads;
    n.waitingReads = [];
    for (const w of waiting) readIndexKnown(h, n, w.op, w.index);
    h.line({ t: h.now, type: 'snapshot', node: n.id, index: s.index, term: s.term });
    h.line({ t: h.now, type: 'commit', node: n.id, index: s.index, term: s.term });
    setConfig(h, n, s.config, s.index);
    r.index = s.index;
  }
  h.send(r);
}

/** A configuration takes effect on this node (on append; see the header comment). */
export function setConfig(h: Host, n: NodeState, config: Config, index: number): void {
  n.config = config;
  n.configIndex = index;
  if (h.listening) h.emit({ type: 'config', t: h.now, node: n.id, voters: config.voters, learners: config.learners });
  if (n.role === 'leader') {
    const next = lastIndex(n) + 1;
    const keep = new Set<NodeId>();
    for (const id of config.voters) keep.add(id);
    for (const id of config.learners) keep.add(id);
    for (const id of keep) if (id !== n.id && !n.progress.has(id)) n.progress.set(id, newProgress(next));
    for (const id of [...n.progress.keys()]) if (!keep.has(id)) n.progress.delete(id);
    // The leader may have left the voters (it is being removed): it keeps leading until the change
    // commits, without counting itself (thesis section 4.2.2); the host then hands leadership over.
  } else {
    const want = followerRole(n);
    if ((n.role === 'follower' || n.role === 'learner') && n.role !== want) {
      n.role = want;
      traceRole(h, n);
    } else if ((n.role === 'candidate' || n.role === 'precandidate') && want === 'learner') {
      becomeFollower(h, n, n.term, null);
    }
    h.armTimer(n);
  }
}

export function commitTo(h: Host, n: NodeState, index: number): void {
  if (index <= n.commitIndex) return;
  n.commitIndex = index;
  if (h.recording) h.line({ t: h.now, type: 'commit', node: n.id, index, term: termAt(n, index) });
  applyCommitted(h, n);
}

function applyCommitted(h: Host, n: NodeState): void {
  while (n.lastApplied < n.commitIndex) {
    const le = entryAt(n, n.lastApplied + 1);
    n.lastApplied = le.index;
    applyToKv(n.kv, le.entry);
    if (h.recording) h.line({ t: h.now, type: 'apply', node: n.id, index: le.index, term: le.term, entry: le.entry });
    h.onApplied(n, le);
    if (!n.up) return; // removed by what it just applied
  }
  if (n.waitingReads.length > 0) {
    const still: { op: number; index: number }[] = [];
    for (const w of n.waitingReads) {
      if (w.index <= n.lastApplied) h.onReadReady(n, w.op);
      else still.push(w);
    }
    n.waitingReads = still;
  }
  if (n.lastApplied - n.snap.index >= h.snapshotEntries) compact(h, n);
}

/** Log compaction (section 7): the applied state becomes a snapshot and the log before it is dropped. */
export function compact(h: Host, n: NodeState): void {
  const idx = n.lastApplied;
  if (idx <= n.snap.index) return;
  const config = n.configIndex <= idx ? n.config : configAt(n, idx).config;
  const term = termAt(n, idx);
  n.log = n.log.slice(idx - n.snap.index);
  n.snap = { index: idx, term, config, kv: cloneKv(n.kv) };
  h.line({ t: h.now, type: 'snapshot', node: n.id, index: idx, term });
}

// ---------------------------------------------------------------------------------------------
// Leader side of replication

function appendLocal(h: Host, n: NodeState, entry: Entry, op?: number): LogEntry {
  const le: LogEntry = op === undefined ? { index: lastIndex(n) + 1, term: n.term, entry } : { index: lastIndex(n) + 1, term: n.term, entry, op };
  n.log.push(le);
  if (entry.kind === 'config') setConfig(h, n, { voters: entry.members, learners: entry.learners }, le.index);
  maybeCommit(h, n);
  return le;
}

/** A client proposal on the leader. Returns false if dropped (a leadership transfer is in progress). */
export function propose(h: Host, n: NodeState, entry: Entry, op?: number): boolean {
  if (n.role !== 'leader' || n.transferee !== null) return false;
  appendLocal(h, n, entry, op);
  bcastAppend(h, n);
  return true;
}

/** Commit the highest index stored on a majority of voters, if it is of the current term (figure 8). */
const scratch: number[] = [];

function maybeCommit(h: Host, n: NodeState): boolean {
  const voters = n.config.voters;
  const matches = scratch;
  matches.length = 0;
  for (const id of voters) {
    if (id === n.id) matches.push(lastIndex(n));
    else {
      const pr = n.progress.get(id);
      matches.push(pr ? pr.match : 0);
    }
  }
  const idx = Math.min(quorumMatch(matches), lastIndex(n));
  if (idx <= n.commitIndex || termAt(n, idx) !== n.term) return false;
  const firstOfTerm = termAt(n, n.commitIndex) !== n.term;
  commitTo(h, n, idx);
  if (firstOfTerm && n.role === 'leader' && n.reads.length > 0) startPendingReads(h, n);
  return true;
}

function bcastAppend(h: Host, n: NodeState): void {
  for (const id of n.progress.keys()) sendAppend(h, n, id, true);
}

function sendAppend(h: Host, n: NodeState, id: NodeId, allowEmpty: boolean): void {
  const pr = n.progress.get(id) as Progress;
  if (pr.state === 'snapshot' || pr.paused) return;
  const prev = pr.next - 1;
  const prevTerm = termAt(n, prev);
  if (prevTerm < 0) {
    sendSnapshot(h, n, id, pr);
    return;
  }
  const last = lastIndex(n);
  if (pr.next > last && !allowEmpty) return;
  const m = msg('AppendEntries', n.id, id, n.term, prev, prevTerm);
  const ents = pr.next <= last ? sliceLog(n, pr.next, Math.min(last, pr.next + MAX_ENTRIES_PER_MSG - 1)) : [];
  m.entries = ents;
  m.commit = n.commitIndex;
  h.send(m);
  if (ents.length > 0) {
    if (pr.state === 'replicate') pr.next = ents[ents.length - 1].index + 1;
    else pr.paused = true;
  }
}

function sendSnapshot(h: Host, n: NodeState, id: NodeId, pr: Progress): void {
  pr.state = 'snapshot';
  pr.snapSentAt = h.now;
  const m = msg('InstallSnapshot', n.id, id, n.term, n.snap.index, n.snap.term);
  m.snapshot = n.snap;
  h.send(m);
}

function bcastHeartbeat(h: Host, n: NodeState, ctx: number): void {
  for (const [id, pr] of n.progress) {
    const m = msg('AppendEntries', n.id, id, n.term, 0, 0);
    m.heartbeat = true;
    m.commit = Math.min(pr.match, n.commitIndex);
    if (ctx > 0) m.ctx = ctx;
    h.send(m);
  }
}

function stepLeader(h: Host, n: NodeState, m: Message): void {
  switch (m.type) {
    case 'AppendEntriesResponse':
      handleAppendResponse(h, n, m);
      return;
    case 'InstallSnapshotResponse': {
      const pr = n.progress.get(m.from);
      if (!pr) return;
      pr.active = true;
      if (m.index > pr.match) pr.match = m.index;
      pr.next = pr.match + 1;
      pr.state = 'probe';
      pr.paused = false;
      sendAppend(h, n, m.from, false);
      return;
    }
    case 'Propose':
      if (m.entry) propose(h, n, m.entry, m.op);
      return;
    case 'ReadIndex':
      leaderRead(h, n, m.op as number, m.origin ?? m.from);
      return;
    default:
  }
}

function handleAppendResponse(h: Host, n: NodeState, m: Message): void {
  const pr = n.progress.get(m.from);
  if (!pr) return;
  pr.active = true;
  if (m.heartbeat) {
    if (m.ctx) readAck(h, n, m.from, m.ctx);
    if (pr.state === 'probe') pr.paused = false;
    if (pr.state === 'snapshot') {
      // The snapshot (or its answer) may have been lost: send it again after an election timeout.
      if (h.now - pr.snapSentAt >= h.T) {
        pr.state = 'probe';
        sendAppend(h, n, m.from, false);
      }
    } else if (pr.match < lastIndex(n)) {
      // Behind: send what it lacks, or at least an empty probe (its optimistic `next` may point past what
      // it really has, if the appends sent while it was down were lost): etcd's sendAppend on heartbeat reply.
      sendAppend(h, n, m.from, true);
    }
    return;
  }
  if (m.reject) {
    if (pr.state === 'replicate') {
      if (m.index <= pr.match) return; // stale
      pr.state = 'probe';
      pr.next = pr.match + 1;
    } else if (pr.state === 'probe') {
      if (pr.next - 1 !== m.index) return; // stale
      const probe = m.logTerm > 0 ? findConflictByTerm(n, m.hint as number, m.logTerm) : (m.hint as number);
      pr.next = Math.max(Math.min(m.index, probe + 1), pr.match + 1, 1);
      pr.paused = false;
    } else return;
    sendAppend(h, n, m.from, true);
    return;
  }
  let updated = false;
  if (m.index > pr.match) {
    pr.match = m.index;
    updated = true;
  }
  if (pr.state === 'probe') {
    pr.state = 'replicate';
    pr.paused = false;
    pr.next = pr.match + 1;
  } else if (pr.next <= pr.match) pr.next = pr.match + 1;
  if (updated && maybeCommit(h, n)) {
    if (n.role === 'leader') bcastAppend(h, n);
  } else if (pr.match < lastIndex(n)) sendAppend(h, n, m.from, false);
  if (n.role === 'leader' && n.transferee === m.from && pr.match === lastIndex(n)) sendTimeoutNow(h, n, m.from);
}

// ---------------------------------------------------------------------------------------------
// Leadership transfer (etcd's MsgTransferLeader / move-leader)

export function transferLeadership(h: Host, n: NodeState, to: NodeId): void {
  n.transferee = to;
  n.transferDeadline = h.now + h.T;
  n.checkQuorumAt = Math.min(n.checkQuorumAt, h.now + h.T);
  const pr = n.progress.get(to);
  if (pr && pr.match === lastIndex(n)) sendTimeoutNow(h, n, to);
  else sendAppend(h, n, to, false);
  h.armTimer(n);
}

export function sendTimeoutNow(h: Host, n: NodeState, to: NodeId): void {
  // The hand-over happens now: the target campaigns as soon as TimeoutNow arrives, without waiting for its timer.
  if (h.listening) h.emit({ type: 'transfer', t: h.now, from: n.id, to, term: n.term });
  h.send(msg('TimeoutNow', n.id, to, n.term, 0, 0));
}

// ---------------------------------------------------------------------------------------------
// ReadIndex (thesis section 6.4): the leader notes its commit index, confirms with a heartbeat round that
// it is still leader, and the read is answered once the asking node has applied up to that index.

export function leaderRead(h: Host, n: NodeState, op: number, from: NodeId): void {
  const ready = termAt(n, n.commitIndex) === n.term;
  const read = { ctx: 0, index: ready ? n.commitIndex : -1, op, from, acks: [n.id] };
  n.reads.push(read);
  if (ready) startRead(h, n, read);
}

function startRead(h: Host, n: NodeState, read: { ctx: number; index: number; op: number; from: NodeId; acks: NodeId[] }): void {
  read.ctx = ++n.readCtx;
  if (!checkReads(h, n)) bcastHeartbeat(h, n, read.ctx);
}

function startPendingReads(h: Host, n: NodeState): void {
  for (const r of n.reads) if (r.index < 0) r.index = n.commitIndex;
  let ctx = 0;
  for (const r of n.reads) if (r.ctx === 0) ctx = r.ctx = ++n.readCtx;
  if (ctx > 0 && !checkReads(h, n)) bcastHeartbeat(h, n, ctx);
}

function readAck(h: Host, n: NodeState, from: NodeId, ctx: number): void {
  if (n.config.voters.indexOf(from) < 0) return;
  for (const r of n.reads) if (r.ctx > 0 && r.ctx <= ctx && r.acks.indexOf(from) < 0) r.acks.push(from);
  checkReads(h, n);
}

/** Resolve confirmed reads, in order. Returns true if none is left waiting. */
function checkReads(h: Host, n: NodeState): boolean {
  const q = quorumSize(n.config.voters.length);
  let done = 0;
  for (const r of n.reads) {
    if (r.ctx === 0) break;
    let c = 0;
    for (const a of r.acks) if (n.config.voters.indexOf(a) >= 0) c++;
    if (c < q) break;
    done++;
  }
  if (done > 0) {
    const ready = n.reads.splice(0, done);
    for (const r of ready) {
      if (r.from === n.id) readIndexKnown(h, n, r.op, r.index);
      else {
        const m = msg('ReadIndexResponse', n.id, r.from, 0, r.index, 0);
        m.op = r.op;
        h.send(m);
      }
    }
  }
  return n.reads.length === 0;
}

export function readIndexKnown(h: Host, n: NodeState, op: number, index: number): void {
  if (n.lastApplied >= index) h.onReadReady(n, op);
  else n.waitingReads.push({ op, index });
}

// ---------------------------------------------------------------------------------------------
// Crash and restart

export function crashNode(n: NodeState): void {
  n.up = false;
  n.timerGen++;
  n.timerAt = -1;
}

/** Back from persisted state only: term, vote, log and snapshot; everything else is rebuilt. */
export function restartNode(h: Host, n: NodeState): void {
  n.up = true;
  n.kv = cloneKv(n.snap.kv);
  n.commitIndex = n.snap.index;
  n.lastApplied = n.snap.index;
  n.waitingReads = [];
  n.readCtx = 0;
  const c = configAt(n, lastIndex(n));
  n.config = c.config;
  n.configIndex = c.index;
  n.role = 'follower'; // so that becomeFollower traces the role the node comes back in
  reset(h, n, n.term);
  n.role = followerRole(n);
  traceRole(h, n);
  h.armTimer(n);
}
