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
//
// This file: roles, elections, timers, the common step (terms, votes) and crash/restart. Replication is in
// replication.ts, ReadIndex in readindex.ts, the Host and message helpers in host.ts.
import { cloneKv } from './kv';
import { configAt, isUpToDate, lastIndex, lastTerm } from './log';
import { quorumSize, voteResult } from './quorum';
import { intIn } from './rng';
import type { Message, MessageType, NodeId, NodeState, StepdownReason, VoteReason } from './types';
import { type Host, addProgress, clearProgress, followerRole, isVoter, msg, traceRole } from './host';
import { readIndexKnown } from './readindex';
import { appendLocal, bcastAppend, bcastHeartbeat, handleAppend, handleSnapshot, stepLeader } from './replication';

/** etcd's reset(term): new term clears the vote; every role change redraws the randomised timeout. */
export function reset(h: Host, n: NodeState, term: number): void {
  if (n.term !== term) {
    n.term = term;
    n.votedFor = null;
  }
  n.leader = null;
  n.votes = new Map();
  n.electionTimeout = intIn(h.rng, h.T, 2 * h.T - 1);
  n.lastReset = h.now;
  clearProgress(n);
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

export function becomePreCandidate(h: Host, n: NodeState): void {
  // Like etcd: PreVote changes neither the term nor the vote, and does not redraw the timeout.
  n.votes = new Map();
  n.leader = null;
  clearProgress(n);
  n.reads = [];
  if (n.role !== 'precandidate') {
    n.role = 'precandidate';
    traceRole(h, n);
  }
}

export function becomeCandidate(h: Host, n: NodeState): void {
  reset(h, n, n.term + 1);
  n.votedFor = n.id;
  n.role = 'candidate';
  traceRole(h, n);
  h.armTimer(n);
}

export function becomeLeader(h: Host, n: NodeState): void {
  reset(h, n, n.term);
  n.role = 'leader';
  n.leader = n.id;
  const next = lastIndex(n) + 1;
  for (const id of n.config.voters) if (id !== n.id) addProgress(h, n, id, next);
  for (const id of n.config.learners) if (id !== n.id) addProgress(h, n, id, next);
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
    const m = msg(type, n, id, h.ixOf(id), voteTerm, li, lt);
    if (kind === 'transfer') m.x = { transfer: true };
    h.send(m);
  }
}

/** Tell listeners that n stops waiting and campaigns: its election timer ran out, or a leader handed over. */
function announceTimeout(h: Host, n: NodeState, kind: 'prevote' | 'election' | 'transfer'): void {
  if (h.listening) h.emit({ type: 'timeout', t: h.now, node: n.id, term: n.term, kind });
}

/** The election timer fired (etcd's tickElection reaching the randomised timeout, then MsgHup). */
export function hup(h: Host, n: NodeState): void {
  if (n.role === 'leader' || !isVoter(n)) return;
  n.lastReset = h.now;
  announceTimeout(h, n, h.preVote ? 'prevote' : 'election');
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

export function tickLeader(h: Host, n: NodeState): void {
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
      if (inLease && m.x?.transfer !== true) {
        voteEvent(h, n, m, false, 'lease');
        return;
      }
    }
    if (m.type === 'PreVote' || (m.type === 'PreVoteResponse' && m.x?.granted === true)) {
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
      becomeFollower(h, n, m.term, lead, m.x?.transfer === true ? 'transfer' : 'higher-term');
    }
  } else if (m.term < n.term) {
    if ((h.checkQuorum || h.preVote) && m.type === 'AppendEntries') {
      // Tell a stale leader about the new term, or it would never step down (etcd raft.go Step).
      h.send(msg('AppendEntriesResponse', n, m.from, m.fromIx, n.term, 0, 0));
    } else if (m.type === 'PreVote') {
      voteEvent(h, n, m, false, 'stale-term');
      const r = msg('PreVoteResponse', n, m.from, m.fromIx, n.term, 0, 0);
      r.x = { granted: false };
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

export function voteEvent(h: Host, n: NodeState, m: Message, granted: boolean, reason?: VoteReason): void {
  if (!h.listening) return;
  h.emit({
    type: 'vote',
    t: h.now,
    from: n.id,
    to: m.from,
    term: m.term,
    granted,
    prevote: m.type === 'PreVote',
    reason,
  });
}

export function handleVoteRequest(h: Host, n: NodeState, m: Message): void {
  const pre = m.type === 'PreVote';
  const canVote = n.votedFor === m.from || (n.votedFor === null && n.leader === null) || (pre && m.term > n.term);
  const upToDate = isUpToDate(n, m.index, m.logTerm);
  const r = msg(pre ? 'PreVoteResponse' : 'RequestVoteResponse', n, m.from, m.fromIx, n.term, 0, 0);
  if (canVote && upToDate) {
    voteEvent(h, n, m, true);
    r.term = m.term;
    r.x = { granted: true };
    if (!pre) {
      // Granting a vote restarts the election timer (figure 2), with a fresh random draw as etcd's reset().
      n.lastReset = h.now;
      n.electionTimeout = intIn(h.rng, h.T, 2 * h.T - 1);
      n.votedFor = m.from;
      h.armTimer(n);
    }
  } else {
    voteEvent(h, n, m, false, !upToDate ? 'log-behind' : n.votedFor !== null ? 'already-voted' : 'has-leader');
    r.x = { granted: false };
  }
  h.send(r);
}

export function stepFollower(h: Host, n: NodeState, m: Message): void {
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
        const f = msg(m.type, n, n.leader, h.ixOf(n.leader), 0, 0, 0);
        // The ReadIndexResponse goes back to the node the client talks to.
        f.x = { op: m.x?.op, entry: m.x?.entry, origin: m.x?.origin ?? m.from };
        h.send(f);
      }
      return;
    case 'ReadIndexResponse':
      readIndexKnown(h, n, m.x?.op as number, m.index);
      return;
    case 'TimeoutNow':
      if (n.role === 'learner' || !isVoter(n)) return;
      announceTimeout(h, n, 'transfer');
      campaign(h, n, 'transfer');
      return;
    default:
  }
}

export function stepCandidate(h: Host, n: NodeState, m: Message): void {
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
      n.votes.set(m.from, m.x?.granted === true);
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
