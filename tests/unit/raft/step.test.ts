// Step-level tests in the style of etcd-io/raft's raft_paper_test.go: one node, driven through a fake host, a
// message (or a timer) in, and the exact messages out. No network, no other node: what the paper's sections
// 5.2–5.4 say a single server does.
import { describe, expect, it } from 'vitest';
import { newMessage, newNode, type Host } from '../../../src/raft/host';
import { becomeFollower, onTimer, stepNode } from '../../../src/raft/node';
import { makeRng } from '../../../src/raft/rng';
import { indexLineOf, type IndexLineType } from '../../../src/raft/tracestore';
import type { Entry, LogEntry, Message, MessageExtra, NodeState, SimEvent, TraceLine } from '../../../src/raft/types';

class FakeHost implements Host {
  now = 0;
  rng = makeRng(1);
  T = 1000;
  H = 100;
  preVote = false;
  checkQuorum = false;
  snapshotEntries = 1000;
  listening = false;
  recording = true;
  sent: Message[] = [];
  lines: TraceLine[] = [];
  send(m: Message): void {
    this.sent.push(m);
  }
  line(l: TraceLine): void {
    this.lines.push(l);
  }
  indexLine(type: IndexLineType, node: string, index: number, term: number, entry?: Entry): void {
    this.lines.push(indexLineOf(type, this.now, node, index, term, entry));
  }
  emit(_e: SimEvent): void {}
  armTimer(_n: NodeState): void {}
  onApplied(_n: NodeState, _le: LogEntry): void {}
  onReadReady(_n: NodeState, _op: number): void {}
  onLeader(_n: NodeState): void {}
  ixOf(id: string): number {
    return VOTERS.indexOf(id);
  }
  /** The messages sent since the last call, as [type, to, term, fields...] for exact comparison. */
  take(): Message[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }
}

const VOTERS = ['n1', 'n2', 'n3'];
/** A message between two of VOTERS (the engine's msg takes the sending node's record). */
const msg = (type: Message['type'], from: string, to: string, term: number, index: number, logTerm: number): Message =>
  newMessage(type, from, VOTERS.indexOf(from), to, VOTERS.indexOf(to), term, index, logTerm);
const put = (index: number, term: number, v = `v${index}`): LogEntry => ({ index, term, entry: { kind: 'put', key: 'k', value: v } });

function follower(h: FakeHost, id = 'n1', term = 0, log: LogEntry[] = []): NodeState {
  const n = newNode(id, VOTERS.indexOf(id), { voters: VOTERS, learners: [] }, 'voter');
  n.log = log;
  becomeFollower(h, n, term, null);
  h.take();
  return n;
}

/** The named fields of each message, whether on the message or among its rarer fields (`x`). */
function pick(ms: Message[], ...fields: (keyof Message | keyof MessageExtra)[]) {
  const field = (m: Message, f: string) => (f in m ? m[f as keyof Message] : m.x?.[f as keyof MessageExtra]);
  return ms.map((m) => Object.fromEntries(['type', 'from', 'to', 'term', ...fields].map((f) => [f, field(m, f)])));
}

describe('step-level (raft_paper_test.go style)', () => {
  it('5.2: a follower whose election timer fires becomes candidate of term+1, votes for itself and asks every other voter', () => {
    const h = new FakeHost();
    const n = follower(h, 'n1', 1, [put(1, 1)]);
    h.now = n.lastReset + n.electionTimeout;
    onTimer(h, n);
    expect(n).toMatchObject({ role: 'candidate', term: 2, votedFor: 'n1' });
    expect(pick(h.take(), 'index', 'logTerm')).toEqual([
      { type: 'RequestVote', from: 'n1', to: 'n2', term: 2, index: 1, logTerm: 1 },
      { type: 'RequestVote', from: 'n1', to: 'n3', term: 2, index: 1, logTerm: 1 },
    ]);
  });

  it('5.2: with PreVote, the timer starts a pre-vote for term+1 without changing the term', () => {
    const h = new FakeHost();
    h.preVote = true;
    const n = follower(h, 'n1', 3);
    h.now = n.lastReset + n.electionTimeout;
    onTimer(h, n);
    expect(n).toMatchObject({ role: 'precandidate', term: 3, votedFor: null });
    expect(pick(h.take())).toEqual([
      { type: 'PreVote', from: 'n1', to: 'n2', term: 4 },
      { type: 'PreVote', from: 'n1', to: 'n3', term: 4 },
    ]);
  });

  it('5.2: a follower grants its vote once per term, to the first candidate whose log is up to date', () => {
    const h = new FakeHost();
    const n = follower(h, 'n1', 1, [put(1, 1)]);
    stepNode(h, n, msg('RequestVote', 'n2', 'n1', 2, 1, 1));
    expect(pick(h.take(), 'granted')).toEqual([{ type: 'RequestVoteResponse', from: 'n1', to: 'n2', term: 2, granted: true }]);
    expect(n).toMatchObject({ term: 2, votedFor: 'n2' });
    stepNode(h, n, msg('RequestVote', 'n3', 'n1', 2, 5, 2));
    expect(pick(h.take(), 'granted')).toEqual([{ type: 'RequestVoteResponse', from: 'n1', to: 'n3', term: 2, granted: false }]);
  });

  it('5.4.1: a voter refuses a candidate whose log is less up to date (lower last term, or same term and shorter)', () => {
    const h = new FakeHost();
    const n = follower(h, 'n1', 2, [put(1, 1), put(2, 2)]);
    stepNode(h, n, msg('RequestVote', 'n2', 'n1', 3, 5, 1));
    stepNode(h, n, msg('RequestVote', 'n3', 'n1', 3, 1, 2));
    expect(pick(h.take(), 'granted')).toEqual([
      { type: 'RequestVoteResponse', from: 'n1', to: 'n2', term: 3, granted: false },
      { type: 'RequestVoteResponse', from: 'n1', to: 'n3', term: 3, granted: false },
    ]);
    expect(n.votedFor).toBeNull();
  });

  it('5.2: a candidate that gets a majority becomes leader and sends AppendEntries with its no-op to every peer', () => {
    const h = new FakeHost();
    const n = follower(h, 'n1', 1, [put(1, 1)]);
    h.now = n.lastReset + n.electionTimeout;
    onTimer(h, n);
    h.take();
    const r = msg('RequestVoteResponse', 'n2', 'n1', 2, 0, 0);
    r.x = { granted: true };
    stepNode(h, n, r);
    expect(n).toMatchObject({ role: 'leader', term: 2 });
    expect(n.log.map((e) => [e.index, e.term, e.entry.kind])).toEqual([
      [1, 1, 'put'],
      [2, 2, 'noop'],
    ]);
    const out = h.take();
    expect(pick(out, 'index', 'logTerm', 'commit')).toEqual([
      { type: 'AppendEntries', from: 'n1', to: 'n2', term: 2, index: 1, logTerm: 1, commit: 0 },
      { type: 'AppendEntries', from: 'n1', to: 'n3', term: 2, index: 1, logTerm: 1, commit: 0 },
    ]);
    expect(out.map((m) => m.entries!.map((e) => e.index))).toEqual([[2], [2]]);
  });

  it('5.3: a follower rejects AppendEntries whose previous entry does not match, with a hint to back up', () => {
    const h = new FakeHost();
    const n = follower(h, 'n2', 3, [put(1, 1), put(2, 2), put(3, 2)]);
    const m = msg('AppendEntries', 'n1', 'n2', 3, 3, 3);
    m.entries = [put(4, 3)];
    stepNode(h, n, m);
    expect(pick(h.take(), 'index', 'reject', 'hint', 'logTerm')).toEqual([
      { type: 'AppendEntriesResponse', from: 'n2', to: 'n1', term: 3, index: 3, reject: true, hint: 3, logTerm: 2 },
    ]);
    expect(n.log).toHaveLength(3);
  });

  it('5.3: a follower appends matching entries, truncates a conflicting suffix, commits up to the leader commit and acknowledges', () => {
    const h = new FakeHost();
    const n = follower(h, 'n2', 3, [put(1, 1), put(2, 2, 'stale')]);
    const m = msg('AppendEntries', 'n1', 'n2', 3, 1, 1);
    m.entries = [put(2, 3), put(3, 3)];
    m.commit = 2;
    stepNode(h, n, m);
    expect(pick(h.take(), 'index', 'reject')).toEqual([{ type: 'AppendEntriesResponse', from: 'n2', to: 'n1', term: 3, index: 3, reject: false }]);
    expect(n.log.map((e) => [e.index, e.term])).toEqual([
      [1, 1],
      [2, 3],
      [3, 3],
    ]);
    expect(n.commitIndex).toBe(2);
    expect(n.leader).toBe('n1');
  });

  it('5.1: a node that sees a higher term adopts it and steps down to follower', () => {
    const h = new FakeHost();
    const n = follower(h, 'n1', 1, [put(1, 1)]);
    h.now = n.lastReset + n.electionTimeout;
    onTimer(h, n); // candidate of term 2
    h.take();
    const m = msg('AppendEntries', 'n3', 'n1', 5, 1, 1);
    m.entries = [];
    stepNode(h, n, m);
    expect(n).toMatchObject({ role: 'follower', term: 5, leader: 'n3' });
    expect(pick(h.take(), 'index', 'reject')).toEqual([{ type: 'AppendEntriesResponse', from: 'n1', to: 'n3', term: 5, index: 1, reject: false }]);
  });
});
