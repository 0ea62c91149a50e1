// Time travel (RaftScope's state.js, made deterministic): a Timeline wraps one Simulation, takes a
// checkpoint (a cheap copy of the plain-data state) every `checkpointEveryMs` of virtual time, and records
// the actions the user applied with their exact position in the run. seek(t) restores the latest
// checkpoint at or before t and replays, injected actions included, to land on the very same state.
import { Simulation, internals, type SimOptions, type SimState } from './cluster';
import type { Engine } from './engine';
import type { TraceStore } from './tracestore';
import type { Action, Scenario, ScenarioEvent } from './types';

export interface TimelineOptions extends SimOptions {
  /** Virtual ms between checkpoints (default 2000). */
  checkpointEveryMs?: number;
}

interface Injected {
  at: number;
  /** Simulation events run before the action was applied. */
  processed: number;
  action: Action;
}

interface Checkpoint {
  t: number;
  injCount: number;
  state: SimState;
}

export class Timeline {
  readonly sim: Simulation;
  /** The simulation's engine: checkpoints, restores and replay positions (not part of the public API). */
  readonly #e: Engine;
  readonly scenario: Scenario;
  private readonly every: number;
  private checkpoints: Checkpoint[] = [];
  private actions: Injected[] = [];
  /** Actions of `actions` already applied in the current state. */
  private applied = 0;
  private horizon = 0;
  /** The trace up to the horizon (a restore cuts the simulation's trace; this keeps the recorded future). */
  private full: TraceStore;

  constructor(scenario: Scenario, options: TimelineOptions = {}) {
    this.scenario = scenario;
    this.every = Math.max(1, options.checkpointEveryMs ?? 2000);
    this.sim = new Simulation(scenario, options);
    this.#e = internals(this.sim);
    this.checkpoints.push({ t: 0, injCount: 0, state: this.#e.checkpoint() });
    this.full = this.#e.recorded();
  }

  get now(): number {
    return this.sim.now;
  }

  /** The furthest virtual time this timeline has reached. */
  get end(): number {
    return Math.max(this.horizon, this.sim.now);
  }

  /** Move forward to t, taking checkpoints and re-applying recorded actions on the way. */
  advanceTo(t: number): void {
    for (;;) {
      const lastCp = this.checkpoints[this.checkpoints.length - 1].t;
      const nextCp = lastCp + this.every;
      const inj = this.applied < this.actions.length ? this.actions[this.applied] : undefined;
      if (inj !== undefined && inj.at <= t && inj.at <= nextCp) {
        if (inj.at === nextCp && this.sim.now < nextCp) {
          this.sim.advanceTo(nextCp);
          this.takeCheckpoint(nextCp);
        }
        this.#e.runUntilProcessed(inj.processed, inj.at);
        this.sim.apply(inj.action);
        this.applied++;
        continue;
      }
      if (nextCp <= t) {
        this.sim.advanceTo(nextCp);
        this.takeCheckpoint(nextCp);
        continue;
      }
      this.sim.advanceTo(t);
      break;
    }
    if (this.sim.now >= this.horizon) {
      this.horizon = this.sim.now;
      this.full = this.#e.recorded();
    }
  }

  private takeCheckpoint(t: number): void {
    if (this.checkpoints[this.checkpoints.length - 1].t >= t) return;
    this.checkpoints.push({ t, injCount: this.applied, state: this.#e.checkpoint() });
  }

  /** Go to virtual time t, backwards or forwards. Subscribers get one `seek` event, not the replay. */
  seek(t: number): void {
    const target = Math.max(0, t);
    // The latest checkpoint at or before the target: restore it unless the present is already closer.
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid].t <= target) lo = mid;
      else hi = mid - 1;
    }
    const cp = this.checkpoints[lo];
    if (target < this.sim.now || cp.t > this.sim.now) {
      this.#e.restore(cp.state, this.full);
      this.applied = cp.injCount;
    }
    this.#e.setMuted(true);
    try {
      this.advanceTo(target);
    } finally {
      this.#e.setMuted(false);
    }
    this.#e.emit({ type: 'seek', t: this.sim.now });
  }

  /** Apply an action now. In the past, this first forks: the recorded future is dropped. */
  apply(action: Action): number | undefined {
    if (this.sim.now < this.horizon || this.applied < this.actions.length) this.fork();
    // What is due now runs first (the scenario's own events at this instant, messages arriving now): a share link
    // replays the action after them. Only at the very start, before the first advance, have they not run yet.
    this.sim.advanceTo(this.sim.now);
    const processed = this.#e.s.processed;
    const at = this.sim.now;
    const r = this.sim.apply(action);
    this.actions.push({ at, processed, action });
    this.applied++;
    return r;
  }

  /** Drop the future after now (actions and checkpoints), keeping the present as the new end. */
  fork(): void {
    this.actions.length = this.applied;
    const now = this.sim.now;
    while (this.checkpoints.length > 1 && this.checkpoints[this.checkpoints.length - 1].t > now) this.checkpoints.pop();
    this.horizon = now;
    this.full = this.#e.recorded();
  }

  /** Actions applied by the user, as scenario events. */
  get injected(): ScenarioEvent[] {
    return this.actions.map((a) => ({ at: a.at, ...a.action }) as ScenarioEvent);
  }

  /** The starting scenario plus the user's actions as events: what a share link encodes. */
  toScenario(): Scenario {
    const events = [...this.scenario.events, ...this.injected];
    return { ...this.scenario, until: Math.max(this.scenario.until, this.end), events };
  }

  checkpointCount(): number {
    return this.checkpoints.length;
  }
}
