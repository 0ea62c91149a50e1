// The Simulation: the engine's public face, exactly the API of docs/ARCHITECTURE.md. Everything that drives
// the nodes (the Host: send, emit, rng, timers) and the Timeline's access (checkpoint, restore, replay
// positions) lives in the internal Engine (engine.ts), held in a `#private` field: an island holding a
// Simulation cannot reach it, so it cannot break determinism. Code inside src/raft reaches it through
// `internals()`, which src/raft/index.ts does not export.
import { Engine } from './engine';
import { messageView } from './network';
import { opsOf } from './ophistory';
import { queuedEvents } from './queue';
import { quorumView } from './quorum-view';
import type { SimOptions, SimState } from './state';
import { finalNode } from './trace';
import type { Action, MessageView, NodeId, NodeState, NodeView, OpView, QuorumView, Scenario, ScenarioEvent, SimEvent, TraceLine } from './types';
import { ViewCache, nodeView } from './views';

export type { SimOptions, SimState };

let engineOf: (sim: Simulation) => Engine;

export class Simulation {
  readonly #e: Engine;
  /** Views of the nodes' logs, reused between reads (views.ts). */
  readonly #logs = new ViewCache();

  static {
    engineOf = (sim) => sim.#e;
  }

  /** Scenario events are scheduled; nothing runs yet. */
  constructor(scenario: Scenario, options: SimOptions = {}) {
    this.#e = new Engine(scenario, options);
  }

  get scenario(): Scenario {
    return this.#e.scenario;
  }

  /** Virtual ms. */
  get now(): number {
    return this.#e.s.now;
  }

  /** Run every internal event with time <= t, then set now = t. */
  advanceTo(t: number): void {
    this.#e.advanceTo(t);
  }

  /** Run the next internal event; false when nothing is left. */
  step(): boolean {
    return this.#e.step();
  }

  nextEventTime(): number | undefined {
    return this.#e.nextEventTime();
  }

  /** Run the scenario to its end (`until`). */
  run(): void {
    this.#e.advanceTo(this.#e.scenario.until);
  }

  /** Apply an action now. Returns the client op id for put/get/delete; undefined otherwise or when refused
   *  (a `reject` event and trace line then say why, with a RefusalCode). Never throws on bad input. */
  apply(action: Action): number | undefined {
    return this.#e.apply(action);
  }

  /** Actions applied through apply(), with `at`. */
  get injected(): ScenarioEvent[] {
    return this.#e.s.injected;
  }

  // -------------------------------------------------------------------------------------------
  // Views for the UI

  nodes(): NodeView[] {
    const s = this.#e.s;
    return s.order.map((id) => nodeView(s.nodes.get(id) as NodeState, this.#logs));
  }

  node(id: NodeId): NodeView | undefined {
    const n = this.#e.s.nodes.get(id);
    return n ? nodeView(n, this.#logs) : undefined;
  }

  /** Messages travelling now, oldest first. */
  inFlight(): MessageView[] {
    const out: MessageView[] = [];
    for (const e of queuedEvents(this.#e.s.queue)) if (e.k === 0) out.push(messageView(e));
    return out.sort((a, b) => a.sentAt - b.sentAt || a.id - b.id);
  }

  /** Current partition groups (undefined when the network is whole). */
  partition(): NodeId[][] | undefined {
    const g = this.#e.s.groups;
    return g === null ? undefined : g.map((x) => [...x]);
  }

  /** The quorum state (healthy / electing / lost) of the cluster, or as seen from `side`'s partition group. */
  quorum(side?: NodeId): QuorumView {
    const s = this.#e.s;
    return quorumView(
      {
        now: s.now,
        nodes: s.nodes,
        groupOf: s.groupOf,
        latency: s.latency,
        preVote: s.preVote,
      },
      side,
    );
  }

  /** Client operations so far, with their fate (without history: the pending ones). */
  ops(): OpView[] {
    const s = this.#e.s;
    return this.#e.history ? opsOf(s.all) : [...s.open.values()];
  }

  /** Every event (trace lines plus message and explanation events), in the order they happen. */
  subscribe(fn: (e: SimEvent) => void): () => void {
    return this.#e.subscribe(fn);
  }

  /** Silence subscribers while replaying (a Timeline seek, a widget loading a link); trace lines are still kept. */
  setMuted(muted: boolean): void {
    this.#e.setMuted(muted);
  }

  /** The contract trace so far, JSON-serialisable lines (do not mutate the array). */
  trace(): TraceLine[] {
    return this.#e.trace();
  }

  finalLine(): TraceLine {
    const s = this.#e.s;
    const nodes: Record<NodeId, ReturnType<typeof finalNode>> = {};
    for (const id of s.order) nodes[id] = finalNode(s.nodes.get(id) as NodeState);
    return { t: s.now, type: 'final', nodes };
  }

  /** A change counter for the screen: it moves whenever nodes(), inFlight(), quorum() or ops() may have changed
   *  (an event ran, an action was applied, time moved, a seek), and never goes back. A widget that drew the views
   *  at version v can skip copying them while version() === v (e.g. paused, or a frame with nothing new). */
  version(): number {
    return this.#e.version;
  }

  /** Counters for benchmarks: messages sent (duplicates included) and events run. */
  stats(): { messages: number; events: number } {
    const s = this.#e.s;
    return { messages: s.msgId, events: s.processed };
  }
}

/** The engine inside a Simulation, for src/raft's own modules (the Timeline's checkpoints and replays, tests of
 *  internals). Not exported by src/raft/index.ts: islands never see it. */
export function internals(sim: Simulation): Engine {
  return engineOf(sim);
}
