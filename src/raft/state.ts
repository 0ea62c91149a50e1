// The simulation's mutable state as plain data (records, arrays and Maps whose leaves are immutable: log entries,
// messages, configs, snapshots and op records are replaced, never edited), so that `cloneState` copies a whole
// cluster with a few array and Map copies (a checkpoint shares the logs): that is what the Timeline's checkpoints
// are made of.
import { cloneKv, copyMap } from './kv';
import { shareOpHistory, type OpHistory } from './ophistory';
import { copyQueue, type EventQueue } from './queue';
import type { Rng } from './rng';
import type { Message, NodeId, NodeState, OpView, Progress, ScenarioEvent, TraceLine } from './types';

/** A node's timer; its due time and queue order are the event queue's keys. */
export interface TimerEv {
  k: 1;
  node: NodeId;
  /** The node's position in the member list (NodeState.ix): the timer finds its node by index. */
  ix: number;
  gen: number;
}
export type Ev = Message | TimerEv;

/** Request deadlines, a queue of parallel arrays (the entry at `head` comes due first): due time, queue order
 *  (`seq`, shared with the event queue's) and client op. */
export interface Deadlines {
  t: number[];
  seq: number[];
  op: number[];
  head: number;
}

/** Everything that changes as the simulation runs, as plain data. */
export interface SimState {
  now: number;
  seq: number;
  /** Events run so far (messages, timers, timeouts, scenario events): replay positions. */
  processed: number;
  msgId: number;
  opSeq: number;
  rng: Rng;
  /** Messages and timers, by (t, seq). */
  queue: EventQueue<Message | TimerEv>;
  /** Request deadlines: all of one length (requestTimeoutMs) set at a clock that never goes back, so they come
   *  due in the order they were set: a queue, not a heap. Most belong to requests already
   *  answered; they still run, as a no-op, so that the count of events (`processed`) stays a replay position. */
  timeouts: Deadlines;
  /** Next scenario event to run (index into the sorted schedule). */
  scenIdx: number;
  nodes: Map<NodeId, NodeState>;
  /** Every node ever a member, in the order they came (never shrinks: a node's position is its NodeState.ix). */
  order: NodeId[];
  /** The nodes by position in `order` (the same records as `nodes`). */
  byIx: NodeState[];
  dropRate: number;
  duplicateRate: number;
  latency: [number, number];
  groups: NodeId[][] | null;
  groupOf: Map<NodeId, number> | null;
  preVote: boolean;
  checkQuorum: boolean;
  /** Client operations still pending (small), by op id. */
  open: Map<number, OpView>;
  /** With history: every operation, at index op - 1 (finished ones are replaced, never edited). */
  all: OpHistory;
  clientLeader: Map<string, NodeId>;
  /** Endpoints a client was given (a request with `endpoints`); else the voters of the configuration in force. */
  clientEndpoints: Map<string, NodeId[]>;
  /** Requests to the cluster waiting for any of their endpoints to accept a connection. */
  waiting: number[];
  lastConfigApplied: number;
  injected: ScenarioEvent[];
  traceLen: number;
}

/**
 * Every SimState is made here (a new run's, engine.ts, and every copy, cloneState), by a constructor that sets each
 * field in the same order. V8 counts a constructor's stores as defining the fields. A SimState written as an object
 * literal was a copy of the literal's template whose fields were then set: V8 took that for changing fields it had
 * seen keep their value, and threw away the optimised code that relied on them (ten of the hottest functions, each
 * time a Simulation was made after the first).
 */
export function newSimState(f: SimState): SimState {
  return new StateRecord(f);
}

interface StateRecord extends SimState {}
class StateRecord {
  constructor(f: SimState) {
    this.now = f.now;
    this.seq = f.seq;
    this.processed = f.processed;
    this.msgId = f.msgId;
    this.opSeq = f.opSeq;
    this.rng = f.rng;
    this.queue = f.queue;
    this.timeouts = f.timeouts;
    this.scenIdx = f.scenIdx;
    this.nodes = f.nodes;
    this.order = f.order;
    this.byIx = f.byIx;
    this.dropRate = f.dropRate;
    this.duplicateRate = f.duplicateRate;
    this.latency = f.latency;
    this.groups = f.groups;
    this.groupOf = f.groupOf;
    this.preVote = f.preVote;
    this.checkQuorum = f.checkQuorum;
    this.open = f.open;
    this.all = f.all;
    this.clientLeader = f.clientLeader;
    this.clientEndpoints = f.clientEndpoints;
    this.waiting = f.waiting;
    this.lastConfigApplied = f.lastConfigApplied;
    this.injected = f.injected;
    this.traceLen = f.traceLen;
  }
}

export interface SimOptions {
  /** Keep the contract trace and finished client operations (default true). Benchmarks of long runs
   *  turn it off so that memory stays flat. */
  history?: boolean;
  /** Receive every contract trace line as it happens, the constructor's first lines included (a streaming
   *  writer such as scripts/simulate.ts; with history:false nothing is kept in memory). */
  onLine?: (l: TraceLine) => void;
}

export const CONNECTION_REFUSED = 'dial tcp: connect: connection refused';
export const NO_LEADER = 'etcdserver: no leader';
export const LEARNER = 'etcdserver: rpc not supported for learner';
/** etcd 3.4's clientv3 when none of its endpoints accepts a connection until the deadline (measured). */
export const NO_ENDPOINT = 'latest balancer error: all SubConns are in TransientFailure';
export const UNHEALTHY = 'etcdserver: unhealthy cluster';

export function cloneState(s: SimState, as: 'checkpoint' | 'restore'): SimState {
  const nodes = new Map<NodeId, NodeState>();
  const checkpoint = as === 'checkpoint';
  for (const n of s.nodes.values()) {
    const id = n.id;
    const progress = new Map<NodeId, Progress>();
    const progressIx: (Progress | undefined)[] = [];
    n.progress.forEach((pr, pid) => {
      const c = { ...pr };
      progress.set(pid, c);
      if (c.ix >= 0) progressIx[c.ix] = c;
    });
    // A checkpoint shares the log array with the running node (which copies it before cutting it); a restore
    // copies the checkpoint's entries, as the restored run appends its own.
    if (checkpoint) n.logShared = true;
    nodes.set(id, {
      ...n,
      log: checkpoint ? n.log : n.log.slice(0, n.logLength),
      logLength: checkpoint ? n.log.length : n.logLength,
      logShared: checkpoint,
      kv: cloneKv(n.kv),
      votes: copyMap(n.votes),
      progress,
      progressIx,
      reads: n.reads.map((r) => ({ ...r, acks: r.acks.slice() })),
      waitingReads: n.waitingReads.slice(),
    });
  }
  return newSimState({
    ...s,
    rng: { s: s.rng.s },
    queue: copyQueue(s.queue, as, s.now),
    timeouts: { t: s.timeouts.t.slice(s.timeouts.head), seq: s.timeouts.seq.slice(s.timeouts.head), op: s.timeouts.op.slice(s.timeouts.head), head: 0 },
    nodes,
    order: s.order.slice(),
    byIx: s.order.map((id) => nodes.get(id) as NodeState),
    latency: [s.latency[0], s.latency[1]],
    open: copyMap(s.open),
    all: shareOpHistory(s.all),
    clientLeader: copyMap(s.clientLeader),
    clientEndpoints: copyMap(s.clientEndpoints),
    waiting: s.waiting.slice(),
    injected: s.injected.slice(),
  });
}
