// Log replication (Raft sections 5.3, 5.4, 7), in the manner of etcd-io/raft: the follower side (AppendEntries,
// InstallSnapshot, configuration on append, commit and apply, compaction), the leader side (proposals, commit by
// quorum, probe / replicate / snapshot progress), and leadership transfer (TimeoutNow).
import { applyToKv, cloneKv } from './kv';
import { configAt, entryAt, findConflictByTerm, lastIndex, sliceLog, termAt } from './log';
import { quorumMatch } from './quorum';
import type { Config, Entry, LogEntry, Message, NodeId, NodeState, Progress, Snapshot } from './types';
import { type Host, addProgress, dropProgress, followerRole, msg, traceRole } from './host';
import { becomeFollower } from './node';
import { leaderRead, readAck, readIndexKnown, startPendingReads } from './readindex';

/** Entries per AppendEntries message (etcd's MaxSizePerMsg, counted in entries). */
const MAX_ENTRIES_PER_MSG = 64;
// ---------------------------------------------------------------------------------------------
// Follower side of replication

export function handleAppend(h: Host, n: NodeState, m: Message): void {
  const r = msg('AppendEntriesResponse', n, m.from, m.fromIx, n.term, 0, 0);
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
  r.x = { hint };
  r.logTerm = Math.max(termAt(n, hint), 0);
  h.send(r);
}

/** Keep the first `len` entries of the log: in place, unless a checkpoint shares the array (then on a copy). */
function truncateLog(n: NodeState, len: number): void {
  if (n.logShared) {
    n.log = n.log.slice(0, len);
    n.logShared = false;
  } else n.log.length = len;
}

/** Append entries after a matching prefix, truncating at the first conflict (section 5.3). */
export function appendFromLeader(h: Host, n: NodeState, ents: LogEntry[]): void {
  const last = lastIndex(n);
  let k = 0;
  for (; k < ents.length; k++) {
    const e = ents[k];
    if (e.index > last) break;
    if (termAt(n, e.index) !== e.term) {
      if (e.index <= n.commitIndex) throw new Error(`raft: ${n.id} would truncate committed entry ${e.index}`);
      truncateLog(n, e.index - n.snap.index - 1);
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

export function handleSnapshot(h: Host, n: NodeState, m: Message): void {
  const s = m.x?.snapshot as Snapshot;
  const r = msg('InstallSnapshotResponse', n, m.from, m.fromIx, n.term, 0, 0);
  if (s.index <= n.commitIndex) {
    r.index = n.commitIndex;
  } else if (termAt(n, s.index) === s.term) {
    commitTo(h, n, s.index); // our log already holds it: just fast-forward the commit
    r.index = s.index;
  } else {
    n.snap = s;
    n.log = [];
    n.logShared = false;
    n.kv = cloneKv(s.kv);
    n.lastApplied = s.index;
    n.commitIndex = s.index;
    const waiting = n.waitingReads;
    n.waitingReads = [];
    for (const w of waiting) readIndexKnown(h, n, w.op, w.index);
    h.indexLine('snapshot', n.id, s.index, s.term);
    h.indexLine('commit', n.id, s.index, s.term);
    setConfig(h, n, s.config, s.index);
    r.index = s.index;
  }
  h.send(r);
}

/** A configuration takes effect on this node (on append; see the header comment). */
export function setConfig(h: Host, n: NodeState, config: Config, index: number): void {
  n.config = config;
  n.configIndex = index;
  if (h.listening)
    h.emit({
      type: 'config',
      t: h.now,
      node: n.id,
      voters: config.voters,
      learners: config.learners,
    });
  if (n.role === 'leader') {
    const next = lastIndex(n) + 1;
    const keep = new Set<NodeId>();
    for (const id of config.voters) keep.add(id);
    for (const id of config.learners) keep.add(id);
    for (const id of keep) if (id !== n.id && !n.progress.has(id)) addProgress(h, n, id, next);
    for (const id of [...n.progress.keys()]) if (!keep.has(id)) dropProgress(n, id);
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
  if (h.recording) h.indexLine('commit', n.id, index, termAt(n, index));
  applyCommitted(h, n);
}

export function applyCommitted(h: Host, n: NodeState): void {
  while (n.lastApplied < n.commitIndex) {
    const le = entryAt(n, n.lastApplied + 1);
    n.lastApplied = le.index;
    applyToKv(n.kv, le);
    if (h.recording) h.indexLine('apply', n.id, le.index, le.term, le.entry);
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
  n.logShared = false;
  n.snap = { index: idx, term, config, kv: cloneKv(n.kv) };
  h.indexLine('snapshot', n.id, idx, term);
}

// ---------------------------------------------------------------------------------------------
// Leader side of replication

export function appendLocal(h: Host, n: NodeState, entry: Entry, op?: number): LogEntry {
  const le: LogEntry = new LogRec(lastIndex(n) + 1, n.term, entry, op);
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

export function maybeCommit(h: Host, n: NodeState): boolean {
  const voters = n.config.voters;
  // Written in place: `length = 0` then push would give the array a new backing store on every call.
  const matches = scratch;
  if (matches.length !== voters.length) matches.length = voters.length;
  // The voters' matches in any order (quorumMatch sorts them): the leader's own, then its followers' records
  // (no lookup by name), then 0 for a voter it has no record of.
  let k = 0;
  if (voters.indexOf(n.id) >= 0) matches[k++] = lastIndex(n);
  for (const pr of n.progress.values()) if (voters.indexOf(pr.id) >= 0) matches[k++] = pr.match;
  while (k < voters.length) matches[k++] = 0;
  const idx = Math.min(quorumMatch(matches), lastIndex(n));
  if (idx <= n.commitIndex || termAt(n, idx) !== n.term) return false;
  const firstOfTerm = termAt(n, n.commitIndex) !== n.term;
  commitTo(h, n, idx);
  if (firstOfTerm && n.role === 'leader' && n.reads.length > 0) startPendingReads(h, n);
  return true;
}

export function bcastAppend(h: Host, n: NodeState): void {
  for (const pr of n.progress.values()) sendAppend(h, n, pr, true);
}

/** The entries of an empty append. Shared: what a message carries is never edited (handlers copy entries out). */
const NO_ENTRIES: LogEntry[] = [];

/** The last slice of a leader's log sent, which the next follower at the same place gets too (a broadcast
 *  sends the same new entries to every follower that is up to date: one array, not one per follower). */
let sliceLogOf: LogEntry[] | null = null;
let sliceLo = 0;
let sliceLast: LogEntry | undefined;
let slice: LogEntry[] = NO_ENTRIES;

/** Entries lo..hi of n's log. The cached slice serves if it is of the same log array, from the same index, up
 *  to the same entry object: the log only grows at its end or is cut, and a cut below hi would have replaced
 *  the entry at hi. */
function entriesFor(n: NodeState, lo: number, hi: number): LogEntry[] {
  const last = n.log[hi - n.snap.index - 1];
  if (sliceLogOf === n.log && sliceLo === lo && sliceLast === last && slice.length === hi - lo + 1) return slice;
  slice = sliceLog(n, lo, hi);
  sliceLogOf = n.log;
  sliceLo = lo;
  sliceLast = last;
  return slice;
}

/** Send the follower of progress record pr what it lacks (or an empty probe when allowed). */
export function sendAppend(h: Host, n: NodeState, pr: Progress, allowEmpty: boolean): void {
  if (pr.state === 'snapshot' || pr.paused) return;
  const prev = pr.next - 1;
  const prevTerm = termAt(n, prev);
  if (prevTerm < 0) {
    sendSnapshot(h, n, pr);
    return;
  }
  const last = lastIndex(n);
  if (pr.next > last && !allowEmpty) return;
  const m = msg('AppendEntries', n, pr.id, pr.ix, n.term, prev, prevTerm);
  const ents = pr.next <= last ? entriesFor(n, pr.next, Math.min(last, pr.next + MAX_ENTRIES_PER_MSG - 1)) : NO_ENTRIES;
  m.entries = ents;
  m.commit = n.commitIndex;
  h.send(m);
  if (ents.length > 0) {
    if (pr.state === 'replicate') pr.next = ents[ents.length - 1].index + 1;
    else pr.paused = true;
  }
}

export function sendSnapshot(h: Host, n: NodeState, pr: Progress): void {
  pr.state = 'snapshot';
  pr.snapSentAt = h.now;
  const m = msg('InstallSnapshot', n, pr.id, pr.ix, n.term, n.snap.index, n.snap.term);
  m.x = { snapshot: n.snap };
  h.send(m);
}

export function bcastHeartbeat(h: Host, n: NodeState, ctx: number): void {
  // Over the records (which name their follower), not [id, pr] entries: no entry array per follower, and no
  // closure per round as forEach's callback would be (measured: for-of over values() is the faster here).
  for (const pr of n.progress.values()) {
    const m = msg('AppendEntries', n, pr.id, pr.ix, n.term, 0, 0);
    m.heartbeat = true;
    m.commit = Math.min(pr.match, n.commitIndex);
    if (ctx > 0) m.ctx = ctx;
    h.send(m);
  }
}

export function stepLeader(h: Host, n: NodeState, m: Message): void {
  switch (m.type) {
    case 'AppendEntriesResponse':
      handleAppendResponse(h, n, m);
      return;
    case 'InstallSnapshotResponse': {
      const pr = n.progressIx[m.fromIx];
      if (!pr) return;
      pr.active = true;
      if (m.index > pr.match) pr.match = m.index;
      pr.next = pr.match + 1;
      pr.state = 'probe';
      pr.paused = false;
      sendAppend(h, n, pr, false);
      return;
    }
    case 'Propose':
      if (m.x?.entry) propose(h, n, m.x.entry, m.x.op);
      return;
    case 'ReadIndex':
      leaderRead(h, n, m.x?.op as number, m.x?.origin ?? m.from);
      return;
    default:
  }
}

export function handleAppendResponse(h: Host, n: NodeState, m: Message): void {
  const pr = n.progressIx[m.fromIx];
  if (!pr) return;
  pr.active = true;
  if (m.heartbeat) {
    if (m.ctx) readAck(h, n, m.from, m.ctx);
    if (pr.state === 'probe') pr.paused = false;
    if (pr.state === 'snapshot') {
      // The snapshot (or its answer) may have been lost: send it again after an election timeout.
      if (h.now - pr.snapSentAt >= h.T) {
        pr.state = 'probe';
        sendAppend(h, n, pr, false);
      }
    } else if (pr.match < lastIndex(n)) {
      // Behind: send what it lacks, or at least an empty probe (its optimistic `next` may point past what
      // it really has, if the appends sent while it was down were lost): etcd's sendAppend on heartbeat reply.
      sendAppend(h, n, pr, true);
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
      const probe = m.logTerm > 0 ? findConflictByTerm(n, m.x?.hint as number, m.logTerm) : (m.x?.hint as number);
      pr.next = Math.max(Math.min(m.index, probe + 1), pr.match + 1, 1);
      pr.paused = false;
    } else return;
    sendAppend(h, n, pr, true);
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
  // An acknowledgement at or below the commit point cannot move it (it is the quorum-th highest match).
  if (updated && pr.match > n.commitIndex && maybeCommit(h, n)) {
    if (n.role === 'leader') bcastAppend(h, n);
  } else if (pr.match < lastIndex(n)) sendAppend(h, n, pr, false);
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
  else if (pr) sendAppend(h, n, pr, false);
  h.armTimer(n);
}

export function sendTimeoutNow(h: Host, n: NodeState, to: NodeId): void {
  // The hand-over happens now: the target campaigns as soon as TimeoutNow arrives, without waiting for its timer.
  if (h.listening) h.emit({ type: 'transfer', t: h.now, from: n.id, to, term: n.term });
  h.send(msg('TimeoutNow', n, to, h.ixOf(to), n.term, 0, 0));
}

/** A log entry: made by a constructor, not a literal (see "Records a run keeps" in docs/ARCHITECTURE.md); `op` is
 *  undefined for an entry no client proposed (JSON leaves it out). */
interface LogRec extends LogEntry {}
class LogRec {
  constructor(index: number, term: number, entry: Entry, op: number | undefined) {
    this.index = index;
    this.term = term;
    this.entry = entry;
    this.op = op;
    this.rec = undefined;
  }
}
