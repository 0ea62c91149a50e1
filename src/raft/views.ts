// What the UI sees of a node: a plain copy of its state (NodeView).
import { lastIndex } from './log';
import { isVoter } from './host';
import type { LogEntry, NodeId, NodeState, NodeView } from './types';

type LogView = NodeView['log'];
interface Cached {
  first: LogEntry;
  last: LogEntry;
  view: LogView;
}

/** The log and key-space parts of the views, reused between reads: log entries are immutable in the engine, so a log whose
 *  entries are the same objects as at the last read has the same view, and a log that only grew at its end
 *  needs views of its new entries only. A widget reading the cluster every frame thus copies what changed,
 *  not 5 × 1,000 entries. The arrays handed out are never edited afterwards (a grown log gets a new array). */
export class ViewCache {
  readonly #cache = new Map<NodeId, Cached>();
  /** The key space the same way: a node's store (its Map, edited in place) at a revision has one content. */
  readonly #kv = new Map<NodeId, { data: NodeState['kv']['data']; revision: number; view: NodeView['kv'] }>();

  kvOf(n: NodeState): NodeView['kv'] {
    const c = this.#kv.get(n.id);
    if (c !== undefined && c.data === n.kv.data && c.revision === n.kv.revision) return c.view;
    // Key records are immutable in the engine (replaced on change, see kv.ts): the view shares them, read-only.
    const view: NodeView['kv'] = {};
    for (const [k, r] of n.kv.data) view[k] = r;
    this.#kv.set(n.id, { data: n.kv.data, revision: n.kv.revision, view });
    return view;
  }

  of(n: NodeState): LogView {
    const log = n.log;
    const c = this.#cache.get(n.id);
    let view: LogView;
    // Same first entry, and the entry at the cached length is the one seen last: the log only grew (by the Log
    // Matching Property, an entry seen again at the same index means the same entries before it).
    const len = c === undefined ? 0 : c.view.length;
    if (c !== undefined && len <= log.length && log[0] === c.first && log[len - 1] === c.last) {
      if (len === log.length) return c.view;
      view = c.view.concat(log.slice(len).map(entryView));
    } else view = log.map(entryView);
    if (log.length > 0) this.#cache.set(n.id, { first: log[0], last: log[log.length - 1], view });
    else this.#cache.delete(n.id);
    return view;
  }
}

function entryView(e: LogEntry): LogView[number] {
  return { index: e.index, term: e.term, entry: e.entry };
}

export function nodeView(n: NodeState, logs?: ViewCache): NodeView {
  let kv: NodeView['kv'];
  if (logs !== undefined) kv = logs.kvOf(n);
  else {
    kv = {};
    for (const [k, r] of n.kv.data) kv[k] = r;
  }
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
    log: logs !== undefined ? logs.of(n) : n.log.map(entryView),
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
