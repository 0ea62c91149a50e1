// What the UI sees of a node: a plain copy of its state (NodeView).
import { lastIndex } from './log';
import { isVoter } from './host';
import type { NodeState, NodeView } from './types';

export function nodeView(n: NodeState): NodeView {
  const kv: NodeView['kv'] = {};
  for (const [k, r] of n.kv.data) kv[k] = { ...r };
  const v: NodeView = {
    id: n.id,
    up: n.up,
    removed: n.removed,
    role: n.role,
    term: n.term,
    votedFor: n.votedFor,
    leader: n.role === 'leader' ? n.id : n.leader,
    voter: isVoter(n) || (n.config.voters.length === 0 && n.joinAs === 'voter'),
    commitIndex: n.commitIndex,
    lastApplied: n.lastApplied,
    snapshotIndex: n.snap.index,
    snapshotTerm: n.snap.term,
    lastIndex: lastIndex(n),
    log: n.log.map((e) => ({ index: e.index, term: e.term, entry: e.entry })),
    kv,
    revision: n.kv.revision,
    electionDeadline: n.up && n.role !== 'leader' && isVoter(n) ? n.lastReset + n.electionTimeout : null,
    electionTimeout: n.electionTimeout,
    votesReceived: [...n.votes].filter(([, g]) => g).map(([id]) => id),
    config: { voters: [...n.config.voters], learners: [...n.config.learners] },
  };
  if (n.role === 'leader') {
    v.matchIndex = { [n.id]: lastIndex(n) };
    v.nextIndex = { [n.id]: lastIndex(n) + 1 };
    for (const [id, pr] of n.progress) {
      v.matchIndex[id] = pr.match;
      v.nextIndex[id] = pr.next;
    }
  }
  return v;
}
