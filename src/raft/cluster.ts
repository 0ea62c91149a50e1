// The Simulation: a discrete-event driver around the Raft nodes of node.ts (etcd-io/raft's RawNode plays
// this part for a real server). It owns virtual time, the event queue (message arrivals, timers, client
// timeouts), the network (latency, loss, duplication, partitions), the clients and the scenario.
//
// All mutable state lives in one plain-data record, `SimState`, made of records, arrays and Maps whose
// leaves are immutable (log entries, messages, configs, snapshots, op records are replaced, never edited),
// so `cloneState` copies a whole cluster with a few array and Map copies: that is what the Timeline's
// checkpoints are made of.
import { heapPop, heapPush } from './heap';
import { lastIndex, termAt } from './log';
import {
  becomeFollower,
  crashNode,
  isVoter,
  knownMembers,
  leaderRead,
  msg,
  newNode,
  onTimer,
  propose,
  restartNode,
  sendTimeoutNow,
  stepNode,
  timerDue,
  transferLeadership,
  type Host,
} from './node';
import { connected, duplicated, launch, messageView } from './network';
import { quorumSize } from './quorum';
import { configInForce, quorumView } from './quorum-view';
import { makeRng, type Rng } from './rng';
import { finalNode } from './trace';
import type {
  Action,
  Config,
  DropReason,
  Entry,
  LogEntry,
  Message,
  MessageView,
  NodeId,
  NodeState,
  NodeView,
  OpView,
  QuorumView,
  RefusalCode,
  Scenario,
  ScenarioEvent,
  SimEvent,
  TraceLine,
} from './types';

interface TimerEv {
  k: 1;
  t: number;
  seq: number;
  node: NodeId;
  gen: number;
}
interface OpTimeoutEv {
  k: 2;
  t: number;
  seq: number;
  op: number;
}
type Ev = Message | TimerEv | OpTimeoutEv;

/** Everything that changes as the simulation runs, as plain data. */
export interface SimState {
  now: number;
  seq: number;
  /** Events run so far (messages, timers, timeouts, scenario events): replay positions. */
  processed: number;
  msgId: number;
  opSeq: number;
  rng: Rng;
  heap: Ev[];
  /** Next scenario event to run (index into the sorted schedule). */
  scenIdx: number;
  nodes: Map<NodeId, NodeState>;
  order: NodeId[];
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
  all: OpView[];
  clientLeader: Map<string, NodeId>;
  /** Endpoints a client was given (a request with `endpoints`); else the voters of the configuration in force. */
  clientEndpoints: Map<string, NodeId[]>;
  /** Requests to the cluster waiting for any of their endpoints to accept a connection. */
  waiting: number[];
  lastConfigApplied: number;
  injected: ScenarioEvent[];
  traceLen: number;
}

export interface SimOptions {
  /** Keep the contract trace and finished client operations (default true). Benchmarks of long runs
   *  turn it off so that memory stays flat. */
  history?: boolean;
}

const CONNECTION_REFUSED = 'dial tcp: connect: connection refused';
const NO_LEADER = 'etcdserver: no leader';
const LEARNER = 'etcdserver: rpc not supported for learner';
/** etcd 3.4's clientv3 when none of its endpoints accepts a connection until the deadline (measured). */
const NO_ENDPOINT = 'latest balancer error: all SubConns are in TransientFailure';
const UNHEALTHY = 'etcdserver: unhealthy cluster';

export class Simulation implements Host {
  readonly scenario: Scenario;
  readonly T: number;
  readonly H: number;
  readonly snapshotEntries: number;
  listening = false;
  recording = true;
  private s: SimState;
  private readonly sched: ScenarioEvent[];
  private subs: ((e: SimEvent) => void)[] = [];
  private muted = false;
  private emitting = false;
  private pending: SimEvent[] = [];
  private lines: TraceLine[] = [];
  private readonly history: boolean;

  constructor(scenario: Scenario, options: SimOptions = {}) {
    this.scenario = scenario;
    this.history = options.history !== false;
    this.recording = this.history;
    this.T = scenario.timing.electionTimeoutMs;
    this.H = scenario.timing.heartbeatMs;
    this.snapshotEntries = scenario.snapshotEntries ?? 1000;
    // Stable sort: events with equal `at` run in file order.
    this.sched = scenario.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
    const config: Config = { voters: [...scenario.members], learners: [...scenario.learners] };
    const nodes = new Map<NodeId, NodeState>();
    const order = [...scenario.members, ...scenario.learners];
    this.s = {
      now: 0,
      seq: 0,
      processed: 0,
      msgId: 0,
      opSeq: 0,
      rng: makeRng(scenario.seed),
      heap: [],
      scenIdx: 0,
      nodes,
      order,
      dropRate: scenario.network.dropRate,
      duplicateRate: scenario.network.duplicateRate,
      latency: [Math.round(scenario.timing.latencyMs[0]), Math.round(scenario.timing.latencyMs[1])],
      groups: null,
      groupOf: null,
      preVote: scenario.features.preVote,
      checkQuorum: scenario.features.checkQuorum,
      open: new Map(),
      all: [],
      clientLeader: new Map(),
      clientEndpoints: new Map(),
      waiting: [],
      lastConfigApplied: 0,
      injected: [],
      traceLen: 0,
    };
    for (const id of order) {
      const n = newNode(id, config, scenario.learners.includes(id) ? 'learner' : 'voter');
      nodes.set(id, n);
      n.role = 'follower'; // becomeFollower below traces the starting role
      becomeFollower(this, n, 0, null);
      if (n.role === 'follower') this.line({ t: 0, type: 'role', node: id, role: 'follower', term: 0 });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Host (used by node.ts)

  get now(): number {
    return this.s.now;
  }
  get rng(): Rng {
    return this.s.rng;
  }
  get preVote(): boolean {
    return this.s.preVote;
  }
  get checkQuorum(): boolean {
    return this.s.checkQuorum;
  }

  line(l: TraceLine): void {
    if (this.history) this.lines.push(l);
    if (this.listening) this.emit(l);
  }

  emit(e: SimEvent): void {
    // A subscriber may act on the simulation while it is told of an event (apply() from a callback): the events
    // that causes are queued and delivered after the current one has reached every subscriber, so that every
    // subscriber sees every event, in the order they happened.
    if (this.emitting) {
      this.pending.push(e);
      return;
    }
    this.emitting = true;
    try {
      for (const fn of this.subs) fn(e);
      for (let i = 0; i < this.pending.length; i++) {
        const q = this.pending[i];
        for (const fn of this.subs) fn(q);
      }
    } finally {
      this.pending.length = 0;
      this.emitting = false;
    }
  }

  send(m: Message): void {
    const s = this.s;
    m.id = ++s.msgId;
    m.sentAt = s.now;
    if (s.groupOf !== null && !this.connected(m.from, m.to)) {
      m.arriveAt = s.now;
      m.t = s.now;
      if (this.listening) {
        const v = messageView(m);
        this.emit({ type: 'send', t: s.now, msg: v });
        this.emit({ type: 'drop', t: s.now, msg: v, reason: 'partition' });
      }
      return;
    }
    this.schedule(m);
    if (duplicated(m, s.rng, s.duplicateRate)) {
      const d: Message = { ...m, id: ++s.msgId };
      this.schedule(d);
    }
  }

  private schedule(m: Message): void {
    const s = this.s;
    launch(m, s.rng, s.now, s.latency, s.dropRate);
    m.seq = ++s.seq;
    heapPush(s.heap, m);
    if (this.listening) this.emit({ type: 'send', t: s.now, msg: messageView(m) });
  }

  armTimer(n: NodeState): void {
    const due = timerDue(this, n);
    if (due === null) return;
    if (n.timerAt >= 0 && n.timerAt <= due) return; // an earlier event is pending; it re-arms when it fires
    const s = this.s;
    const ev: TimerEv = { k: 1, t: due, seq: ++s.seq, node: n.id, gen: n.timerGen };
    n.timerAt = due;
    heapPush(s.heap, ev);
  }

  onApplied(n: NodeState, le: LogEntry): void {
    if (le.op !== undefined) {
      const o = this.s.open.get(le.op);
      if (o !== undefined && o.status === 'pending' && o.node === n.id) {
        this.finish(o, 'ok', { revision: n.kv.revision }, n);
      }
    }
    if (le.entry.kind === 'config' && le.index > this.s.lastConfigApplied) {
      // The change is committed: members left out stop, as etcd shuts down a removed member and its peers
      // refuse its messages from then on (so it cannot disturb the cluster with its terms).
      this.s.lastConfigApplied = le.index;
      const keep = new Set([...le.entry.members, ...le.entry.learners]);
      for (const x of this.s.nodes.values()) if (!x.removed && !keep.has(x.id)) this.removeNode(x);
    }
  }

  onLeader(n: NodeState): void {
    // A member whose addition is in no configuration the new leader holds was added by an entry that was
    // never committed (it was lost with its leader): as with a failed `etcdctl member add`, that node never
    // joins. Stop it, so that it neither lingers in the cluster view nor disturbs the members.
    let known: Set<NodeId> | null = null;
    for (const x of this.s.nodes.values()) {
      if (x.removed || x === n) continue;
      if (n.config.voters.includes(x.id) || n.config.learners.includes(x.id)) continue;
      known ??= knownMembers(n);
      if (!known.has(x.id)) this.removeNode(x);
    }
  }

  onReadReady(n: NodeState, op: number): void {
    const o = this.s.open.get(op);
    if (o === undefined || o.status !== 'pending' || o.node !== n.id) return;
    const rec = n.kv.data.get(o.key);
    this.finish(o, 'ok', { result: rec ? rec.value : null, revision: n.kv.revision }, n);
  }

  // -------------------------------------------------------------------------------------------
  // Driving the clock

  /** Run every event with time <= t, then set now = t. */
  advanceTo(t: number): void {
    for (;;) {
      const next = this.nextEventTime();
      if (next === undefined || next > t) break;
      this.step();
    }
    if (t > this.s.now) this.s.now = t;
  }

  /** Run the next event; false when nothing is left. Internal events at time t run before scenario events at t. */
  step(): boolean {
    const s = this.s;
    const top = s.heap.length > 0 ? s.heap[0] : undefined;
    const sc = s.scenIdx < this.sched.length ? this.sched[s.scenIdx] : undefined;
    if (top === undefined && sc === undefined) return false;
    s.processed++;
    if (sc !== undefined && (top === undefined || sc.at < top.t)) {
      s.scenIdx++;
      if (sc.at > s.now) s.now = sc.at;
      const { at: _at, ...action } = sc;
      this.exec(action as Action);
      return true;
    }
    const ev = heapPop(s.heap) as Ev;
    if (ev.t > s.now) s.now = ev.t;
    if (ev.k === 0) this.deliver(ev);
    else if (ev.k === 1) {
      const n = s.nodes.get(ev.node);
      if (n === undefined || !n.up || ev.gen !== n.timerGen || ev.t !== n.timerAt) return true;
      n.timerAt = -1;
      onTimer(this, n);
      this.armTimer(n);
    } else {
      const o = s.open.get(ev.op);
      if (o === undefined || o.status !== 'pending') return true;
      const w = s.waiting.indexOf(o.op);
      if (w >= 0) {
        // Never sent: it certainly did not take effect.
        s.waiting.splice(w, 1);
        this.finish(o, 'fail', { error: NO_ENDPOINT, code: 'no-endpoint' });
      } else this.finish(o, 'info', { error: 'context deadline exceeded', code: 'timeout' });
    }
    return true;
  }

  nextEventTime(): number | undefined {
    const s = this.s;
    const a = s.heap.length > 0 ? s.heap[0].t : undefined;
    const b = s.scenIdx < this.sched.length ? this.sched[s.scenIdx].at : undefined;
    if (a === undefined) return b;
    if (b === undefined) return a;
    return a <= b ? a : b;
  }

  /** Run the scenario to its end (`until`). */
  run(): void {
    this.advanceTo(this.scenario.until);
  }

  private deliver(m: Message): void {
    const to = this.s.nodes.get(m.to);
    let reason: DropReason | null = null;
    if (to === undefined || !to.up) reason = to !== undefined && to.removed ? 'removed' : 'down';
    else if (m.lost) reason = 'loss';
    else if (this.s.groupOf !== null && !this.connected(m.from, m.to)) reason = 'partition';
    if (reason !== null) {
      if (this.listening) this.emit({ type: 'drop', t: this.s.now, msg: messageView(m), reason });
      return;
    }
    if (this.listening) this.emit({ type: 'deliver', t: this.s.now, msg: messageView(m) });
    stepNode(this, to as NodeState, m);
  }

  private connected(a: NodeId, b: NodeId): boolean {
    return connected(this.s.groupOf, a, b);
  }

  // -------------------------------------------------------------------------------------------
  // Actions (scenario events and apply())

  /** Apply an action now. Returns the client op id for put/get/delete; undefined otherwise or when refused
   *  (a `reject` event and trace line then say why). Never throws on bad input. */
  apply(action: Action): number | undefined {
    if (this.history) this.s.injected.push({ at: this.s.now, ...action } as ScenarioEvent);
    return this.exec(action);
  }

  get injected(): ScenarioEvent[] {
    return this.s.injected;
  }

  private reject(action: Action, code: RefusalCode, reason: string): undefined {
    this.line({ t: this.s.now, type: 'reject', action, reason, code });
    return undefined;
  }

  private exec(action: Action): number | undefined {
    const s = this.s;
    if (action === null || typeof action !== 'object') return this.reject(action, 'bad-action', 'not an action');
    switch (action.action) {
      case 'crash':
      case 'restart': {
        const n = this.resolve(action.node);
        if (n === undefined) return this.reject(action, 'unknown-member', `unknown node "${action.node}"`);
        if (n === null) return undefined;
        if (n.removed) return this.reject(action, 'member-removed', `node "${n.id}" was removed from the cluster`);
        if (action.action === 'crash') {
          if (!n.up) return undefined;
          crashNode(n);
          this.line({ t: s.now, type: 'crash', node: n.id });
        } else {
          if (n.up) return undefined;
          this.line({ t: s.now, type: 'restart', node: n.id });
          restartNode(this, n);
          this.retryWaiting();
        }
        return undefined;
      }
      case 'partition': {
        if (!Array.isArray(action.groups)) return this.reject(action, 'bad-argument', 'groups must be an array of arrays of node ids');
        const groupOf = new Map<NodeId, number>();
        const groups: NodeId[][] = [];
        for (let g = 0; g < action.groups.length; g++) {
          const grp = action.groups[g];
          if (!Array.isArray(grp)) return this.reject(action, 'bad-argument', `groups[${g}] must be an array of node ids`);
          for (const id of grp) {
            if (!s.nodes.has(id)) return this.reject(action, 'unknown-member', `unknown node "${id}"`);
            if (groupOf.has(id)) return this.reject(action, 'bad-argument', `node "${id}" is in two groups`);
            groupOf.set(id, g);
          }
          groups.push([...grp]);
        }
        s.groups = groups;
        s.groupOf = groupOf;
        this.line({ t: s.now, type: 'partition', groups });
        return undefined;
      }
      case 'heal':
        s.groups = null;
        s.groupOf = null;
        this.line({ t: s.now, type: 'heal' });
        return undefined;
      case 'network': {
        const { dropRate, duplicateRate, latencyMs } = action;
        if (dropRate !== undefined && !(dropRate >= 0 && dropRate <= 1)) return this.reject(action, 'bad-argument', 'dropRate must be between 0 and 1');
        if (duplicateRate !== undefined && !(duplicateRate >= 0 && duplicateRate <= 1)) return this.reject(action, 'bad-argument', 'duplicateRate must be between 0 and 1');
        if (latencyMs !== undefined && !(Array.isArray(latencyMs) && latencyMs[0] >= 0 && latencyMs[1] >= latencyMs[0]))
          return this.reject(action, 'bad-argument', 'latencyMs must be [min, max] with 0 <= min <= max');
        if (dropRate !== undefined) s.dropRate = dropRate;
        if (duplicateRate !== undefined) s.duplicateRate = duplicateRate;
        if (latencyMs !== undefined) s.latency = [Math.round(latencyMs[0]), Math.round(latencyMs[1])];
        if (this.listening) this.emit({ type: 'network', t: s.now, dropRate: s.dropRate, duplicateRate: s.duplicateRate, latencyMs: [...s.latency] });
        return undefined;
      }
      case 'setFeatures':
        if (typeof action.preVote === 'boolean') s.preVote = action.preVote;
        if (typeof action.checkQuorum === 'boolean') s.checkQuorum = action.checkQuorum;
        for (const n of s.nodes.values()) if (n.up && n.role === 'leader') this.armTimer(n);
        if (this.listening) this.emit({ type: 'features', t: s.now, preVote: s.preVote, checkQuorum: s.checkQuorum });
        return undefined;
      case 'put':
      case 'get':
      case 'delete':
        return this.clientRequest(action);
      case 'addMember':
      case 'removeMember':
      case 'promote':
      case 'transferLeader':
        return this.membership(action);
      default:
        return this.reject(action, 'bad-action', `unknown action "${String((action as { action?: unknown }).action)}"`);
    }
  }

  /** "leader" / "follower" / a node id. undefined: unknown; null: the word names no node right now. */
  private resolve(spec: string): NodeState | null | undefined {
    if (spec === 'leader') return this.currentLeader();
    if (spec === 'follower') {
      for (const id of this.s.order) {
        const n = this.s.nodes.get(id) as NodeState;
        if (n.up && !n.removed && n.role === 'follower') return n;
      }
      return null;
    }
    return this.s.nodes.get(spec);
  }

  /** The up node that is leader with the highest term (a deposed leader cut off in a minority may still
   *  believe it leads in an older term). */
  private currentLeader(): NodeState | null {
    let best: NodeState | null = null;
    for (const n of this.s.nodes.values()) if (n.up && n.role === 'leader' && (best === null || n.term > best.term)) best = n;
    return best;
  }

  private clientRequest(a: Extract<Action, { action: 'put' | 'get' | 'delete' }>): number | undefined {
    const s = this.s;
    if (typeof a.key !== 'string') return this.reject(a, 'bad-argument', 'key must be a string');
    if (a.action === 'put' && typeof a.value !== 'string') return this.reject(a, 'bad-argument', 'value must be a string');
    const client = typeof a.client === 'string' ? a.client : 'client';
    let target: NodeState | null = null;
    let eps: NodeId[] | null = null;
    if (a.node !== undefined) {
      const r = this.resolve(a.node);
      if (r === undefined) return this.reject(a, 'unknown-member', `unknown node "${a.node}"`);
      if (r === null) return undefined; // "leader"/"follower" naming nobody: the event does nothing
      target = r;
    } else {
      if (a.endpoints !== undefined) {
        if (!Array.isArray(a.endpoints) || a.endpoints.length === 0) return this.reject(a, 'bad-argument', 'endpoints must be a non-empty array of node ids');
        for (const id of a.endpoints) if (typeof id !== 'string' || !s.nodes.has(id)) return this.reject(a, 'unknown-member', `unknown node "${String(id)}"`);
        s.clientEndpoints.set(client, [...a.endpoints]);
      }
      eps = s.clientEndpoints.get(client) ?? this.defaultEndpoints();
    }
    const op = ++s.opSeq;
    const consistency = a.action === 'get' ? (a.consistency ?? 'linearizable') : undefined;
    const view: OpView = { op, client, f: a.action, key: a.key, node: target ? target.id : null, invokedAt: s.now, status: 'pending' };
    if (a.action === 'put') view.value = a.value;
    if (consistency) view.consistency = consistency;
    if (eps !== null) {
      view.endpoints = eps;
      view.refused = [];
    }
    s.open.set(op, view);
    if (this.history) s.all.push(view);
    if (!this.recording) {
      /* nothing to write */
    } else if (a.action === 'put') this.line({ t: s.now, type: 'invoke', op, client, f: 'put', key: a.key, value: a.value });
    else if (a.action === 'get') this.line({ t: s.now, type: 'invoke', op, client, f: 'get', key: a.key, consistency });
    else this.line({ t: s.now, type: 'invoke', op, client, f: 'delete', key: a.key });

    if (eps === null) this.dispatch(view, target as NodeState, false);
    else this.route(view, false);
    return op;
  }

  /** The endpoints a client is given when none were named: the voters of the configuration in force. */
  private defaultEndpoints(): NodeId[] {
    const voters = configInForce(this.s.nodes).voters;
    return this.s.order.filter((id) => voters.indexOf(id) >= 0);
  }

  /**
   * A request "to the cluster", as etcd 3.4's clientv3 sends it: it goes to the endpoint the client last used
   * (the one that led, when it last heard), else to the first of its list; an endpoint whose member is down
   * refuses the connection and the balancer moves on to the next one (the request was not sent, so even a put
   * is retried). A read refused by a member that knows no leader, or by a learner, is tried on the next endpoint
   * too (clientv3 retries read-only requests on Unavailable); a put is not (it may have been sent). When every
   * endpoint refuses the connection, the request waits for one to come back until its deadline, then fails
   * with the balancer's error: a client that knows only a dead member fails until it is given another endpoint
   * (measured: ../shared/etcd-reference/experiments/failover-clients.md).
   */
  private route(o: OpView, timerSet: boolean): void {
    const s = this.s;
    const eps = o.endpoints as NodeId[];
    const last = s.clientLeader.get(o.client);
    const start = last !== undefined ? Math.max(0, eps.indexOf(last)) : 0;
    const refused: NodeId[] = [];
    let lastError: { error: string; code: RefusalCode; node: NodeState } | null = null;
    for (let k = 0; k < eps.length; k++) {
      const n = s.nodes.get(eps[(start + k) % eps.length]);
      if (n === undefined || !n.up) {
        if (n !== undefined) refused.push(n.id);
        continue;
      }
      o = this.reopen(o, { node: n.id, refused: [...(o.refused ?? []), ...refused] });
      refused.length = 0;
      const r = this.dispatch(o, n, timerSet, o.f === 'get');
      if (r === null) return;
      lastError = { ...r, node: n };
      o = s.open.get(o.op) as OpView;
    }
    if (lastError !== null) {
      this.finish(o, 'fail', { error: lastError.error, code: lastError.code }, undefined, lastError.node.id);
      return;
    }
    // Every endpoint refused the connection: wait for one to come back, until the deadline.
    o = this.reopen(o, { node: null, refused: [...(o.refused ?? []), ...refused] });
    if (s.waiting.indexOf(o.op) < 0) s.waiting.push(o.op);
    if (!timerSet) this.armOpTimeout(o.op);
  }

  /** Replace a pending op's record (records are shared with checkpoints: never edited in place). */
  private reopen(o: OpView, patch: Partial<OpView>): OpView {
    const n: OpView = { ...o, ...patch };
    this.s.open.set(o.op, n);
    if (this.history) this.s.all[o.op - 1] = n;
    return n;
  }

  private armOpTimeout(op: number): void {
    const s = this.s;
    const ev: OpTimeoutEv = { k: 2, t: s.now + this.scenario.timing.requestTimeoutMs, seq: ++s.seq, op };
    heapPush(s.heap, ev);
  }

  /** A member came back: requests waiting for a connection try their endpoints again. */
  private retryWaiting(): void {
    const s = this.s;
    if (s.waiting.length === 0) return;
    const ops = s.waiting;
    s.waiting = [];
    for (const id of ops) {
      const o = s.open.get(id);
      if (o !== undefined && o.status === 'pending') this.route(o, true);
    }
  }

  /**
   * Send a request to member n. Returns null when the request is on its way or answered; with `retryable`, the
   * error text of a refusal that the client may retry elsewhere (no leader, learner) instead of failing it.
   */
  private dispatch(o: OpView, target: NodeState, timerSet: boolean, retryable = false): { error: string; code: RefusalCode } | null {
    const s = this.s;
    if (!target.up) {
      this.finish(o, 'fail', { error: CONNECTION_REFUSED, code: 'connection-refused' });
      return null;
    }
    if (o.consistency === 'serializable') {
      // Served from the local state of the node asked, whatever its role: possibly stale, by design.
      const rec = target.kv.data.get(o.key);
      this.finish(o, 'ok', { result: rec ? rec.value : null, revision: target.kv.revision }, target);
      return null;
    }
    if (target.role === 'learner' || (!isVoter(target) && target.joinAs === 'learner')) {
      if (retryable) return { error: LEARNER, code: 'learner-rpc' };
      this.finish(o, 'fail', { error: LEARNER, code: 'learner-rpc' }, undefined, target.id);
      return null;
    }
    const leaderId = target.leader;
    if (target.role !== 'leader' && (leaderId === null || leaderId === target.id)) {
      if (retryable) return { error: NO_LEADER, code: 'no-leader' };
      this.finish(o, 'fail', { error: NO_LEADER, code: 'no-leader' }, undefined, target.id);
      return null;
    }
    if (!timerSet) this.armOpTimeout(o.op);
    const op = o.op;
    if (o.f === 'get') {
      if (target.role === 'leader') leaderRead(this, target, op, target.id);
      else this.send(forward('ReadIndex', target.id, leaderId as NodeId, op));
    } else {
      const entry: Entry = o.f === 'put' ? { kind: 'put', key: o.key, value: o.value as string } : { kind: 'delete', key: o.key };
      if (target.role === 'leader') propose(this, target, entry, op);
      else {
        const m = forward('Propose', target.id, leaderId as NodeId, op);
        m.entry = entry;
        this.send(m);
      }
    }
    return null;
  }

  private finish(
    o: OpView,
    status: 'ok' | 'fail' | 'info',
    x: { result?: string | null; error?: string; code?: RefusalCode; revision?: number },
    at?: NodeState,
    answeredBy?: NodeId,
  ): void {
    const s = this.s;
    s.open.delete(o.op);
    if (this.history) {
      // Built field by field: object spread is slow on this path.
      const done: OpView = { op: o.op, client: o.client, f: o.f, key: o.key, node: o.node, invokedAt: o.invokedAt, endedAt: s.now, status };
      if (o.value !== undefined) done.value = o.value;
      if (o.consistency !== undefined) done.consistency = o.consistency;
      if (x.result !== undefined) done.result = x.result;
      if (x.error !== undefined) done.error = x.error;
      if (x.code !== undefined) done.code = x.code;
      if (x.revision !== undefined) done.revision = x.revision;
      const by = at !== undefined ? at.id : answeredBy;
      if (by !== undefined) done.answeredBy = by;
      if (o.endpoints !== undefined) {
        done.endpoints = o.endpoints;
        done.refused = o.refused;
      }
      s.all[o.op - 1] = done;
    }
    if (status === 'ok') {
      if (!this.recording) {
        /* nothing to write */
      } else if (o.f === 'get') this.line({ t: s.now, type: 'ok', op: o.op, value: x.result ?? null });
      else this.line({ t: s.now, type: 'ok', op: o.op });
      if (at !== undefined) {
        const l = at.role === 'leader' ? at.id : at.leader;
        if (l !== null) s.clientLeader.set(o.client, l);
      }
    } else this.line({ t: s.now, type: status, op: o.op, error: x.error as string });
  }

  // -------------------------------------------------------------------------------------------
  // Membership (issue 4): etcd's member add / remove / promote and move-leader

  private membership(a: Extract<Action, { action: 'addMember' | 'removeMember' | 'promote' | 'transferLeader' }>): undefined {
    const s = this.s;
    if (typeof a.node !== 'string') return this.reject(a, 'bad-argument', 'node must be a string');
    const L = this.currentLeader();
    if (L === null) return this.reject(a, 'no-leader', NO_LEADER);
    const voters = L.config.voters;
    const learners = L.config.learners;
    if (a.action === 'transferLeader') {
      const target = this.resolve(a.node);
      if (target === undefined) return this.reject(a, 'unknown-member', `unknown node "${a.node}"`);
      if (target === null || target.id === L.id) return undefined;
      if (voters.indexOf(target.id) < 0) return this.reject(a, 'bad-leader-transferee', 'etcdserver: bad leader transferee');
      this.line({ t: s.now, type: 'member', action: a.action, node: target.id });
      transferLeadership(this, L, target.id);
      return undefined;
    }
    // One change at a time, and only once the leader has committed an entry of its own term.
    if (L.configIndex > L.commitIndex || termAt(L, L.commitIndex) !== L.term)
      return this.reject(a, 'membership-in-progress', 'etcdserver: request timed out (another membership change is in progress)');
    const started = (ids: NodeId[]) => ids.filter((id) => id === L.id || this.isStarted(L, id)).length;
    let next: Config;
    if (a.action === 'addMember') {
      const id = a.node;
      if (!/^[a-z0-9-]{1,16}$/.test(id) || id === 'leader' || id === 'follower') return this.reject(a, 'bad-member-id', `invalid node id "${id}"`);
      const old = s.nodes.get(id);
      // A node left over from an add that never committed (its leader crashed) may be added again.
      if (old !== undefined && !old.removed && (voters.includes(id) || learners.includes(id) || old.config.voters.length > 0))
        return this.reject(a, 'member-exists', `etcdserver: member "${id}" already exists`);
      if (s.nodes.size >= 9 && old === undefined) return this.reject(a, 'too-many-members', 'at most 9 members');
      if (a.learner === true) next = { voters, learners: [...learners, id] };
      else {
        // etcd's strict reconfiguration check: the new member is not started yet, so the members that are
        // must still make a quorum of the larger cluster.
        if (started(voters) < quorumSize(voters.length + 1)) return this.reject(a, 'unhealthy-cluster', UNHEALTHY);
        next = { voters: [...voters, id], learners };
      }
      const n = newNode(id, { voters: [], learners: [] }, a.learner === true ? 'learner' : 'voter');
      n.role = a.learner === true ? 'learner' : 'follower';
      s.nodes.set(id, n);
      if (s.order.indexOf(id) < 0) s.order.push(id);
      this.line({ t: s.now, type: 'role', node: id, role: n.role, term: 0 });
    } else {
      const target = this.resolve(a.node);
      if (target === undefined) return this.reject(a, 'unknown-member', `unknown node "${a.node}"`);
      if (target === null) return undefined;
      const id = target.id;
      if (a.action === 'removeMember') {
        if (voters.indexOf(id) >= 0) {
          const rest = voters.filter((v) => v !== id);
          if (rest.length === 0) return this.reject(a, 'last-voter', 'etcdserver: cannot remove the last voting member');
          if (started(rest) < quorumSize(rest.length)) return this.reject(a, 'unhealthy-cluster', UNHEALTHY);
          next = { voters: rest, learners };
        } else if (learners.indexOf(id) >= 0) next = { voters, learners: learners.filter((v) => v !== id) };
        else return this.reject(a, 'unknown-member', 'etcdserver: member not found');
      } else {
        if (learners.indexOf(id) < 0) return this.reject(a, 'not-a-learner', 'etcdserver: can only promote a learner member');
        const pr = L.progress.get(id);
        // etcd's isLearnerReady: the learner's match index must reach 90% of the leader's.
        if (pr === undefined || pr.match < lastIndex(L) * 0.9 || !target.up)
          return this.reject(a, 'learner-not-in-sync', 'etcdserver: can only promote a learner member which is in sync with leader');
        if (started(voters) + 1 < quorumSize(voters.length + 1)) return this.reject(a, 'unhealthy-cluster', UNHEALTHY);
        next = { voters: [...voters, id], learners: learners.filter((v) => v !== id) };
      }
    }
    this.line({ t: s.now, type: 'member', action: a.action, node: a.node, ...(a.action === 'addMember' ? { learner: a.learner === true } : {}) });
    propose(this, L, { kind: 'config', members: next.voters, learners: next.learners });
    return undefined;
  }

  /** etcd counts a member as started when the leader's transport is connected to it. */
  private isStarted(L: NodeState, id: NodeId): boolean {
    const n = this.s.nodes.get(id);
    return n !== undefined && n.up && !n.removed && this.connected(L.id, id);
  }

  private removeNode(x: NodeState): void {
    if (x.up && x.role === 'leader') {
      // Hand over first (etcd transfers leadership before a removed leader stops): the most up-to-date
      // voter of the new configuration that is up gets a TimeoutNow and campaigns at once.
      let best: NodeId | null = null;
      let bestMatch = -1;
      for (const id of x.config.voters) {
        const pr = x.progress.get(id);
        const n = this.s.nodes.get(id);
        if (pr && n && n.up && pr.match > bestMatch) {
          best = id;
          bestMatch = pr.match;
        }
      }
      if (best !== null) sendTimeoutNow(this, x, best);
      becomeFollower(this, x, x.term, null, 'removed');
    } else if (this.listening) this.emit({ type: 'stepdown', t: this.s.now, node: x.id, term: x.term, reason: 'removed' });
    x.removed = true;
    crashNode(x);
    this.line({ t: this.s.now, type: 'removed', node: x.id });
  }

  // -------------------------------------------------------------------------------------------
  // Views for the UI

  nodes(): NodeView[] {
    return this.s.order.map((id) => this.nodeView(this.s.nodes.get(id) as NodeState));
  }

  node(id: NodeId): NodeView | undefined {
    const n = this.s.nodes.get(id);
    return n ? this.nodeView(n) : undefined;
  }

  private nodeView(n: NodeState): NodeView {
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

  inFlight(): MessageView[] {
    const out: MessageView[] = [];
    for (const e of this.s.heap) if (e.k === 0) out.push(messageView(e));
    return out.sort((a, b) => a.sentAt - b.sentAt || a.id - b.id);
  }

  partition(): NodeId[][] | undefined {
    return this.s.groups === null ? undefined : this.s.groups.map((g) => [...g]);
  }

  /** The quorum state (healthy / electing / lost) of the cluster, or as seen from `side`'s group of the
   *  partition (see quorum-view.ts). */
  quorum(side?: NodeId): QuorumView {
    const s = this.s;
    return quorumView({ now: s.now, nodes: s.nodes, groupOf: s.groupOf, latency: s.latency, preVote: s.preVote }, side);
  }

  ops(): OpView[] {
    return this.history ? this.s.all.slice() : [...this.s.open.values()];
  }

  subscribe(fn: (e: SimEvent) => void): () => void {
    this.subs = [...this.subs, fn]; // copy on write: a subscriber added during an event starts with the next one
    this.setMuted(this.muted);
    return () => {
      this.subs = this.subs.filter((f) => f !== fn);
      this.setMuted(this.muted);
    };
  }

  /** The contract trace so far, JSON-serialisable lines (do not mutate the array). */
  trace(): TraceLine[] {
    return this.lines;
  }

  finalLine(): TraceLine {
    const nodes: Record<NodeId, ReturnType<typeof finalNode>> = {};
    for (const id of this.s.order) nodes[id] = finalNode(this.s.nodes.get(id) as NodeState);
    return { t: this.s.now, type: 'final', nodes };
  }

  // -------------------------------------------------------------------------------------------
  // Checkpoints (used by timeline.ts)

  /** Counters for benchmarks: messages sent (duplicates included) and events run. */
  stats(): { messages: number; events: number } {
    return { messages: this.s.msgId, events: this.s.processed };
  }

  /** Events run so far: a position in the run that replays exactly. */
  get processed(): number {
    return this.s.processed;
  }

  /** Silence subscribers (during a Timeline replay). */
  setMuted(m: boolean): void {
    this.muted = m;
    this.listening = this.subs.length > 0 && !m;
    this.recording = this.history || this.listening;
  }

  checkpoint(): SimState {
    const c = cloneState(this.s);
    c.traceLen = this.lines.length;
    return c;
  }

  /** Go back (or forward) to a checkpoint. The trace becomes a new array: the first `state.traceLen` lines of
   *  `lines` (default: the current trace, which must then be at least that long). */
  restore(state: SimState, lines: TraceLine[] = this.lines): void {
    this.s = cloneState(state);
    this.lines = lines.slice(0, state.traceLen);
  }

  /** Run events until `processed` reaches n, then set the clock to `at` (replaying an injected action). */
  runUntilProcessed(n: number, at: number): void {
    while (this.s.processed < n && this.step()) {
      /* run */
    }
    if (at > this.s.now) this.s.now = at;
  }
}

function forward(type: 'Propose' | 'ReadIndex', from: NodeId, to: NodeId, op: number): Message {
  const m = msg(type, from, to, 0, 0, 0);
  m.op = op;
  return m;
}

function cloneState(s: SimState): SimState {
  const nodes = new Map<NodeId, NodeState>();
  for (const [id, n] of s.nodes) {
    const progress = new Map<NodeId, NodeState['progress'] extends Map<NodeId, infer P> ? P : never>();
    for (const [pid, pr] of n.progress) progress.set(pid, { ...pr });
    nodes.set(id, {
      ...n,
      log: n.log.slice(),
      kv: { revision: n.kv.revision, data: new Map(n.kv.data) },
      votes: new Map(n.votes),
      progress,
      reads: n.reads.map((r) => ({ ...r, acks: r.acks.slice() })),
      waitingReads: n.waitingReads.slice(),
    });
  }
  return {
    ...s,
    rng: { s: s.rng.s },
    heap: s.heap.slice(),
    nodes,
    order: s.order.slice(),
    latency: [s.latency[0], s.latency[1]],
    open: new Map(s.open),
    all: s.all.slice(),
    clientLeader: new Map(s.clientLeader),
    clientEndpoints: new Map(s.clientEndpoints),
    waiting: s.waiting.slice(),
    injected: s.injected.slice(),
  };
}
