// The engine behind a Simulation: a discrete-event driver around the Raft nodes of node.ts (etcd-io/raft's RawNode plays
// this part for a real server). It owns virtual time, the event queue (message arrivals, timers, client
// timeouts), the network (latency, loss, duplication, partitions), the clients and the scenario.
//
// All mutable state lives in one plain-data record, `SimState`, made of records, arrays and Maps whose
// leaves are immutable (log entries, messages, configs, snapshots, op records are replaced, never edited),
// so `cloneState` copies a whole cluster with a few array and Map copies: that is what the Timeline's
// checkpoints are made of.
//
// This class is internal: islands see `Simulation` (cluster.ts), whose public surface is the API of
// docs/ARCHITECTURE.md; the Engine (host of the nodes: send, emit, rng, timers, checkpoints) is reached only by
// code inside src/raft (cluster.ts, timeline.ts and the modules of this directory).
import { heapPop } from './heap';
import { firstSeq, newQueue, queuedEvents, queuePush, queueTime, ringFirst, ringPop } from './queue';
import { type Host, copyMessage, knownMembers, newNode, releaseMessage } from './host';
import { becomeFollower, onTimer, stepNode, timerDue } from './node';
import { connected, duplicated, messageView } from './network';
import { newOpHistory } from './ophistory';
import { indexLineOf, TraceStore, type IndexLineType } from './tracestore';
import { intIn, makeRng, nextFloat, type Rng } from './rng';
import { cloneState, newSimState, type Ev, type SimOptions, type SimState, type TimerEv } from './state';
import { clientRequest, finish, popDeadline, requestDeadline } from './clients';
import { fault } from './faults';
import { membership, removeNode } from './membership';
import type {
  Action,
  Config,
  DropReason,
  Entry,
  LogEntry,
  Message,
  NodeId,
  NodeState,
  RefusalCode,
  Scenario,
  ScenarioEvent,
  SimEvent,
  TraceLine,
} from './types';

export class Engine implements Host {
  readonly scenario: Scenario;
  readonly T: number;
  readonly H: number;
  readonly snapshotEntries: number;
  listening = false;
  recording = true;
  s: SimState;
  /** The scenario's events in the order they run: their times, and the actions (without `at`). */
  readonly schedAt: number[];
  readonly schedAction: Action[];
  subs: ((e: SimEvent) => void)[] = [];
  muted = false;
  emitting = false;
  pending: SimEvent[] = [];
  /** The trace. After a restore it may be a longer recorded trace shared with a Timeline, of which only the first
   *  `linesLen` lines are this run's so far (see restore): `traceLength()` and `trace()` read it right. */
  lines = new TraceStore();
  /** clients.ts defaultEndpoints: the default endpoint list, kept while the configuration and the order last. */
  endpointsCache: { voters: NodeId[]; order: NodeId[]; orderLength: number; eps: NodeId[] } | null = null;
  /** Lines of the trace so far; below lines.length while a restored run replays the recording ahead of it. */
  private linesLen = 0;
  readonly history: boolean;
  /** Bumped by everything that may change what the views show (an event run, an action, time moving, a restore);
   *  never goes back, so a reader can skip work when it has not changed. Not part of the checkpointed state. */
  version = 0;
  /** SimOptions.onLine: every contract line as it happens (a streaming writer). */
  readonly sink: ((l: TraceLine) => void) | undefined;

  constructor(scenario: Scenario, options: SimOptions = {}) {
    this.scenario = scenario;
    this.history = options.history !== false;
    this.sink = options.onLine;
    this.recording = this.history || this.sink !== undefined;
    this.T = scenario.timing.electionTimeoutMs;
    this.H = scenario.timing.heartbeatMs;
    this.snapshotEntries = scenario.snapshotEntries ?? 1000;
    // Stable sort: events with equal `at` run in file order.
    const sched = scenario.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
      .map((x) => x.e);
    this.schedAt = sched.map((e) => e.at);
    // The events themselves, not copies without `at` (thousands of objects kept for the whole run): an action is
    // read field by field, and a reject line writes it without `at` (reject).
    this.schedAction = sched;
    const config: Config = {
      voters: [...scenario.members],
      learners: [...scenario.learners],
    };
    const nodes = new Map<NodeId, NodeState>();
    const order = [...scenario.members, ...scenario.learners];
    this.s = newSimState({
      now: 0,
      seq: 0,
      processed: 0,
      msgId: 0,
      opSeq: 0,
      rng: makeRng(scenario.seed),
      queue: newQueue(),
      timeouts: { t: [], seq: [], op: [], head: 0 },
      scenIdx: 0,
      nodes,
      order,
      byIx: [],
      dropRate: scenario.network.dropRate,
      duplicateRate: scenario.network.duplicateRate,
      latency: [Math.round(scenario.timing.latencyMs[0]), Math.round(scenario.timing.latencyMs[1])],
      groups: null,
      groupOf: null,
      preVote: scenario.features.preVote,
      checkQuorum: scenario.features.checkQuorum,
      open: new Map(),
      all: newOpHistory(),
      clientLeader: new Map(),
      clientEndpoints: new Map(),
      waiting: [],
      lastConfigApplied: 0,
      injected: [],
      traceLen: 0,
    });
    for (const id of order) {
      const n = newNode(id, this.s.byIx.length, config, scenario.learners.includes(id) ? 'learner' : 'voter');
      nodes.set(id, n);
      this.s.byIx.push(n);
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
    if (this.keep()) this.lines.push(l);
    this.tell(l);
  }

  /** A commit, apply or snapshot line, kept in columns: built only for a sink or a subscriber. */
  indexLine(type: IndexLineType, node: NodeId, index: number, term: number, entry?: Entry): void {
    if (this.keep()) this.lines.pushIndex(type, this.s.now, node, index, term, entry);
    if (this.sink !== undefined || this.listening) this.tell(indexLineOf(type, this.s.now, node, index, term, entry));
  }

  /** `{ t, type: 'ok', op }`, kept in columns likewise. */
  okLine(op: number): void {
    if (this.keep()) this.lines.pushOk(this.s.now, op);
    if (this.sink !== undefined || this.listening) this.tell({ t: this.s.now, type: 'ok', op });
  }

  /** Count one more line of this run's trace (with history); true when it must be written. Replaying a
   *  recording, the same line is already there; past its end (or without one), the run writes on. */
  private keep(): boolean {
    return this.history && this.linesLen++ === this.lines.length;
  }

  private tell(l: TraceLine): void {
    if (this.sink !== undefined) this.sink(l);
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
      if (this.listening) {
        const v = messageView(m);
        this.emit({ type: 'send', t: s.now, msg: v });
        this.emit({ type: 'drop', t: s.now, msg: v, reason: 'partition' });
      }
      return;
    }
    this.schedule(m);
    if (duplicated(m, s.rng, s.duplicateRate)) {
      const d = copyMessage(m);
      d.id = ++s.msgId;
      this.schedule(d);
    }
  }

  schedule(m: Message): void {
    const s = this.s;
    // The network draws the message's arrival time and fate (lost or not) as it leaves its sender.
    m.arriveAt = s.now + intIn(s.rng, s.latency[0], s.latency[1]);
    m.lost = s.dropRate > 0 && nextFloat(s.rng) < s.dropRate;
    queuePush(s.queue, s.now, m.arriveAt, ++s.seq, m);
    if (this.listening) this.emit({ type: 'send', t: s.now, msg: messageView(m) });
  }

  armTimer(n: NodeState): void {
    const due = timerDue(this, n);
    if (due === null) return;
    if (n.timerAt >= 0 && n.timerAt <= due) return; // an earlier event is pending; it re-arms when it fires
    const s = this.s;
    const ev: TimerEv = { k: 1, node: n.id, ix: n.ix, gen: n.timerGen };
    n.timerAt = due;
    queuePush(s.queue, s.now, due, ++s.seq, ev);
  }

  onApplied(n: NodeState, le: LogEntry): void {
    if (le.op !== undefined) {
      const o = this.s.open.get(le.op);
      if (o !== undefined && o.status === 'pending' && o.node === n.id) {
        finish(this, o, 'ok', { revision: n.kv.revision }, n);
      }
    }
    if (le.entry.kind === 'config' && le.index > this.s.lastConfigApplied) {
      // The change is committed: members left out stop, as etcd shuts down a removed member and its peers
      // refuse its messages from then on (so it cannot disturb the cluster with its terms).
      this.s.lastConfigApplied = le.index;
      const keep = new Set([...le.entry.members, ...le.entry.learners]);
      for (const x of this.s.nodes.values()) if (!x.removed && !keep.has(x.id)) removeNode(this, x);
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
      if (!known.has(x.id)) removeNode(this, x);
    }
  }

  onReadReady(n: NodeState, op: number): void {
    const o = this.s.open.get(op);
    if (o === undefined || o.status !== 'pending' || o.node !== n.id) return;
    const rec = n.kv.data.get(o.key);
    finish(this, o, 'ok', { result: rec ? rec.value : null, revision: n.kv.revision }, n);
  }

  // -------------------------------------------------------------------------------------------
  // Driving the clock

  /** Run every event with time <= t, then set now = t. */
  advanceTo(t: number): void {
    this.runEvents(t, Infinity);
    if (t > this.s.now) {
      this.s.now = t;
      this.version++;
    }
  }

  /** Run the next event; false when nothing is left. Internal events at time t run before scenario events at t. */
  step(): boolean {
    return this.runEvents(Infinity, this.s.processed + 1) > 0;
  }

  /**
   * Run events in order while the next one is due at or before `limit` and fewer than `upTo` have run in all
   * (`processed`); returns how many ran. One loop for every way of driving the clock: before V8 optimises it (the
   * first run in a fresh page), a call per event costs as much as the event's own bookkeeping.
   */
  private runEvents(limit: number, upTo: number): number {
    const from = this.s.processed;
    for (;;) {
      const s = this.s;
      if (s.processed >= upTo) break;
      const q = s.queue;
      const d = s.timeouts;
      const qi = d.head;
      // The earliest internal event: the event queue's (its ring's, or its heap's for the rare event out of the
      // ring's reach) or the head of the deadline queue, whichever comes first by (t, seq); scenario actions at the
      // same time run after it.
      let t = q.n > 0 ? q.min : Infinity;
      let ring = true;
      const ot = q.over.t;
      if (ot.length > 0 && ot[0] <= t && !ringFirst(q)) {
        t = ot[0];
        ring = false;
      }
      const fromQueue = qi < d.t.length && (d.t[qi] < t || (d.t[qi] === t && d.seq[qi] < firstSeq(q)));
      if (fromQueue) t = d.t[qi];
      const scAt = s.scenIdx < this.schedAt.length ? this.schedAt[s.scenIdx] : Infinity;
      if (scAt < t) {
        if (scAt > limit || scAt === Infinity) break;
        s.processed++;
        this.version++;
        const action = this.schedAction[s.scenIdx++];
        if (scAt > s.now) s.now = scAt;
        this.exec(action);
        continue;
      }
      if (t > limit || t === Infinity) break;
      s.processed++;
      this.version++;
      if (t > s.now) s.now = t;
      if (fromQueue) {
        requestDeadline(this, popDeadline(d));
        continue;
      }
      const ev = (ring ? ringPop(q) : heapPop(q.over)) as Ev;
      if (ev.k === 0) this.deliver(ev);
      else {
        const n = s.byIx[ev.ix];
        if (n === undefined || !n.up || ev.gen !== n.timerGen || t !== n.timerAt) continue;
        n.timerAt = -1;
        onTimer(this, n);
        this.armTimer(n);
      }
    }
    return this.s.processed - from;
  }

  nextEventTime(): number | undefined {
    const s = this.s;
    const d = s.timeouts;
    const scAt = s.scenIdx < this.schedAt.length ? this.schedAt[s.scenIdx] : Infinity;
    const t = Math.min(queueTime(s.queue), d.head < d.t.length ? d.t[d.head] : Infinity, scAt);
    return t === Infinity ? undefined : t;
  }

  /** Run the scenario to its end (`until`). */
  run(): void {
    this.advanceTo(this.scenario.until);
  }

  ixOf(id: NodeId): number {
    return this.s.order.indexOf(id);
  }

  deliver(m: Message): void {
    const to = this.s.byIx[m.toIx];
    let reason: DropReason | null = null;
    if (to === undefined || !to.up) reason = to !== undefined && to.removed ? 'removed' : 'down';
    else if (m.lost) reason = 'loss';
    else if (this.s.groupOf !== null && !this.connected(m.from, m.to)) reason = 'partition';
    if (reason !== null) {
      if (this.listening) this.emit({ type: 'drop', t: this.s.now, msg: messageView(m), reason });
    } else {
      if (this.listening) this.emit({ type: 'deliver', t: this.s.now, msg: messageView(m) });
      stepNode(this, to as NodeState, m);
    }
    // Handlers keep what a message carries, never the message; subscribers got a copy (messageView).
    releaseMessage(m);
  }

  connected(a: NodeId, b: NodeId): boolean {
    return connected(this.s.groupOf, a, b);
  }

  // -------------------------------------------------------------------------------------------
  // Actions (scenario events and apply())

  /** Apply an action now. Returns the client op id for put/get/delete; undefined otherwise or when refused
   *  (a `reject` event and trace line then say why). Never throws on bad input. */
  apply(action: Action): number | undefined {
    this.version++;
    if (this.history) this.s.injected.push({ at: this.s.now, ...action } as ScenarioEvent);
    return this.exec(action);
  }

  get injected(): ScenarioEvent[] {
    return this.s.injected;
  }

  reject(action: Action, code: RefusalCode, reason: string): undefined {
    if (action !== null && typeof action === 'object' && 'at' in action) {
      const { at: _at, ...rest } = action as ScenarioEvent;
      action = rest as Action;
    }
    this.line({ t: this.s.now, type: 'reject', action, reason, code });
    return undefined;
  }

  exec(action: Action): number | undefined {
    const s = this.s;
    if (action === null || typeof action !== 'object') return this.reject(action, 'bad-action', 'not an action');
    switch (action.action) {
      case 'crash':
      case 'restart':
      case 'partition':
      case 'heal':
      case 'network':
        return fault(this, action);
      case 'setFeatures':
        if (typeof action.preVote === 'boolean') s.preVote = action.preVote;
        if (typeof action.checkQuorum === 'boolean') s.checkQuorum = action.checkQuorum;
        for (const n of s.nodes.values()) if (n.up && n.role === 'leader') this.armTimer(n);
        if (this.listening)
          this.emit({
            type: 'features',
            t: s.now,
            preVote: s.preVote,
            checkQuorum: s.checkQuorum,
          });
        return undefined;
      case 'put':
      case 'get':
      case 'delete':
        return clientRequest(this, action);
      case 'addMember':
      case 'removeMember':
      case 'promote':
      case 'transferLeader':
        return membership(this, action);
      default:
        return this.reject(action, 'bad-action', `unknown action "${String((action as { action?: unknown }).action)}"`);
    }
  }

  /** "leader" / "follower" / a node id. undefined: unknown; null: the word names no node right now. */
  resolve(spec: string): NodeState | null | undefined {
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
  currentLeader(): NodeState | null {
    let best: NodeState | null = null;
    for (const n of this.s.nodes.values()) if (n.up && n.role === 'leader' && (best === null || n.term > best.term)) best = n;
    return best;
  }

  // -------------------------------------------------------------------------------------------
  // Subscribers, trace, checkpoints (the views for the UI are in cluster.ts)

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
    // A copy, once, while a recording is replayed: the caller keeps an array of the trace's own length.
    return this.recorded().lines();
  }

  /** The trace so far as kept (a Timeline holds it to restore a checkpoint with its recorded future). */
  recorded(): TraceStore {
    if (this.linesLen < this.lines.length) this.lines = this.lines.prefix(this.linesLen);
    return this.lines;
  }

  /** Lines in the trace so far (without copying a shared recording). */
  traceLength(): number {
    return this.linesLen;
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
    this.recording = this.history || this.listening || this.sink !== undefined;
  }

  checkpoint(): SimState {
    // The checkpoint's queue shares the messages in flight: they are never reused (a restore puts them back).
    for (const e of queuedEvents(this.s.queue)) if (e.k === 0) e.held = true;
    const c = cloneState(this.s, 'checkpoint');
    c.traceLen = this.traceLength();
    return c;
  }

  /** Go back (or forward) to a checkpoint. The trace becomes the first `state.traceLen` lines of `lines` (default:
   *  the current trace, which must then be at least that long). Not copied: a run from a checkpoint is
   *  deterministic, so while it replays the recording it only counts the lines it would write again; it copies
   *  (trace()) or writes on (past the end) only when it leaves the recording. A scrubber's seek thus costs no
   *  copy of a long trace. */
  restore(state: SimState, lines: TraceStore = this.lines): void {
    this.s = cloneState(state, 'restore');
    this.lines = lines;
    this.linesLen = state.traceLen;
    this.version++;
  }

  /** Run events until `processed` reaches n, then set the clock to `at` (replaying an injected action). */
  runUntilProcessed(n: number, at: number): void {
    this.runEvents(Infinity, n);
    if (at > this.s.now) this.s.now = at;
  }
}
