// The adapter between the engine and the cluster widget's components (STYLE.md example 14): it owns the
// Simulation, drives it from a requestAnimationFrame loop, keeps engine snapshots in $state.raw (replaced, never
// mutated) and re-reads them only when an engine event said something changed. Everything shown comes from the
// engine: this file never invents cluster state.
import { Timeline } from '../../raft';
import type { Simulation } from '../../raft';
import type { Action, MessageView, NodeView, OpView, QuorumView, Scenario, SimEvent } from '../../raft';
import { Narrator, type Line } from './narrate';
import { fmt } from './layout';
import type { SharedState } from '../../scenarios/share';

/** The speeds offered (multiples of the default teaching pace). */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10] as const;

/** At 1×, one hop of average latency takes this long on screen (slow motion while messages travel)… */
const HOP_WALL_MS = 700;
/** …or this long when only heartbeats travel (they are many and routine: a lighter slow motion). */
const HEARTBEAT_HOP_WALL_MS = 200;
/** At 1×, virtual ms per wall ms while nothing travels (an etcd election timeout of 1–2 s lasts 2–4 s). */
const IDLE_RATE = 0.5;
/** How long a dropped message takes to fall, in wall ms. */
export const DROP_WALL_MS = 900;
/** While playing, node snapshots (logs included: the costliest read) are re-read at most this often (wall ms);
 *  messages, the clock and timers still move every frame. A user action refreshes everything at once. */
const FULL_EVERY_MS = 50;
/** Longest event log kept on screen. */
const MAX_LINES = 200;

export interface DropView {
  id: number;
  msg: MessageView;
  /** Fraction of the way it had travelled when lost. */
  at: number;
  /** Wall time (performance.now()) it was seen. */
  wall: number;
}

/** What a share link carries (src/scenarios/share.ts). */
export type { SharedState } from '../../scenarios/share';

export class ClusterModel {
  /** Virtual time shown (ms). */
  now = $state(0);
  /** Furthest instant reached on the current branch (the scrubber's end). */
  horizon = $state(0);
  nodes = $state.raw<NodeView[]>([]);
  messages = $state.raw<MessageView[]>([]);
  drops = $state.raw<DropView[]>([]);
  quorum = $state.raw<QuorumView>({ voters: [], quorum: 1, up: [], reachable: [], leader: null, hasQuorum: false, state: 'lost', largestGroup: [], tolerated: 0, staleLeaders: [], electionWithinMs: null });
  partition = $state.raw<string[][] | undefined>(undefined);
  ops = $state.raw<OpView[]>([]);
  lines = $state.raw<Line[]>([]);
  features = $state.raw<{ preVote: boolean; checkQuorum: boolean }>({ preVote: true, checkQuorum: true });
  playing = $state(false);
  speed = $state(1);
  seed = $state(1);
  /** Latest sentence for the polite live region. */
  announcement = $state('');
  reducedMotion = $state(false);

  #tl: Timeline;
  #base: Scenario;
  #strings: Record<string, string>;
  #narrator: Narrator;
  /** Event-log lines of this branch up to `horizon` (shown: those up to `now`). */
  #history: Line[] = [];
  #dirty = true;
  /** Something changed since node snapshots were last read. */
  #stale = true;
  /** Screen time since they were last read. */
  #sinceFull = Infinity;
  /** Pace of the clock (virtual ms per wall ms at 1×), recomputed only after a message was sent or ended. */
  #pace = -1;
  #muted = false;
  /** After a seek back, events up to this instant are a replay: their lines are already in the history. */
  #replayUntil = -1;
  #unsub: () => void = () => {};
  #listeners = new Set<() => void>();
  #lastHasQuorum: boolean | null = null;
  // animation loop
  #raf = 0;
  #last = 0;
  #visible = true;
  #onscreen = true;

  /** `warm`: start at the first instant a leader holds a quorum (within 10 election timeouts), so the first
   *  picture (also the static figure rendered at build time) shows a working cluster. Deterministic. */
  constructor(scenario: Scenario, strings: Record<string, string>, speed = 1, warm = false) {
    this.#base = scenario;
    this.#strings = strings;
    this.#narrator = new Narrator(strings);
    this.setSpeed(speed);
    this.seed = scenario.seed;
    this.#tl = this.#fresh(scenario);
    if (warm) this.#warmUp();
    this.#refresh();
  }

  #warmUp(): void {
    const tl = this.#tl;
    const limit = 10 * this.#base.timing.electionTimeoutMs;
    while (tl.now < limit && !tl.sim.quorum().hasQuorum) {
      const next = tl.sim.nextEventTime();
      if (next === undefined) break;
      tl.advanceTo(next);
    }
    this.#dirty = true;
  }

  /** The live simulation (the same object for the life of a timeline; a reset makes a new one). */
  get sim(): Simulation {
    return this.#tl.sim;
  }
  get timeline(): Timeline {
    return this.#tl;
  }
  get scenario(): Scenario {
    return this.#base;
  }
  get canStep(): boolean {
    return true;
  }

  // ---------------------------------------------------------------- engine plumbing

  #fresh(s: Scenario): Timeline {
    this.#unsub();
    this.#pace = -1;
    const tl = new Timeline(s);
    this.#unsub = tl.sim.subscribe((e) => this.#onEvent(e));
    this.features = { ...s.features };
    return tl;
  }

  #onEvent(e: SimEvent): void {
    this.#dirty = true;
    if (e.type === 'send' || e.type === 'deliver' || e.type === 'drop' || e.type === 'seek') this.#pace = -1;
    if (e.type === 'features') this.features = { preVote: e.preVote, checkQuorum: e.checkQuorum };
    if (this.#muted) return;
    if (e.type === 'drop' && !this.reducedMotion) {
      const m = e.msg;
      const span = m.arriveAt - m.sentAt;
      const at = span > 0 ? Math.min(1, Math.max(0, (e.t - m.sentAt) / span)) : 0;
      this.drops = [...this.drops.filter((d) => now() - d.wall < DROP_WALL_MS), { id: m.id, msg: m, at: Math.min(0.85, at || 0.5), wall: now() }];
      return;
    }
    // While replaying a branch already seen (after a seek back), its lines are already in the history.
    if (e.t <= this.#replayUntil) return;
    const line = this.#narrator.feed(e as Parameters<Narrator['feed']>[0]);
    if (!line) return;
    this.#history.push(line);
    if (this.#history.length > MAX_LINES * 4) this.#history.splice(0, this.#history.length - MAX_LINES * 2);
    if (line.announce) this.#announce(line.announce);
  }

  #announce(text: string): void {
    this.announcement = text;
  }

  /** Re-read the engine's state into the snapshots the components render. Cheap when nothing changed;
   *  `force` (user actions, seeks) skips the throttle on node snapshots. */
  #refresh(force = true): void {
    const sim = this.#tl.sim;
    this.now = sim.now;
    this.horizon = this.#tl.end;
    if (this.drops.length) {
      const w = now();
      const kept = this.drops.filter((d) => w - d.wall < DROP_WALL_MS);
      if (kept.length !== this.drops.length) this.drops = kept;
    }
    if (this.#dirty) {
      this.#dirty = false;
      this.#stale = true;
      this.messages = sim.inFlight();
    }
    if (!this.#stale || (!force && this.#sinceFull < FULL_EVERY_MS)) return;
    this.#stale = false;
    this.#sinceFull = 0;
    this.nodes = sim.nodes();
    this.quorum = sim.quorum();
    this.partition = sim.partition();
    this.ops = sim.ops();
    const t = sim.now;
    const h = this.#history;
    let end = h.length;
    while (end > 0 && h[end - 1].t > t) end--;
    const lines = h.slice(Math.max(0, end - MAX_LINES), end);
    if (lines.length !== this.lines.length || lines[lines.length - 1] !== this.lines[this.lines.length - 1]) this.lines = lines;
    const hq = this.quorum.hasQuorum;
    if (this.#lastHasQuorum !== null && hq !== this.#lastHasQuorum && !this.#muted) {
      this.#announce(this.#strings[hq ? 'widget.quorum.ok' : 'widget.quorum.lost'] ?? '');
    }
    this.#lastHasQuorum = hq;
    for (const fn of this.#listeners) fn();
  }

  /** Virtual ms per wall ms right now: slow motion while messages travel (unless motion is reduced). */
  #rate(): number {
    if (this.reducedMotion) return this.speed * IDLE_RATE;
    if (this.#pace < 0) {
      const msgs = this.#tl.sim.inFlight();
      const [lo, hi] = this.#base.timing.latencyMs;
      const hop = Math.max(0.5, (lo + hi) / 2);
      this.#pace = msgs.length === 0 ? IDLE_RATE : hop / (msgs.some((m) => !m.heartbeat) ? HOP_WALL_MS : HEARTBEAT_HOP_WALL_MS);
    }
    return this.speed * this.#pace;
  }

  /** Advance the simulation by `wallMs` of screen time, event by event so the pace follows what travels. */
  advanceWall(wallMs: number): void {
    const tl = this.#tl;
    const sim = tl.sim;
    let wall = wallMs;
    for (let guard = 0; wall > 1e-6 && guard < 2000; guard++) {
      const rate = this.#rate();
      const target = sim.now + wall * rate;
      const next = sim.nextEventTime();
      if (next === undefined || next > target) {
        tl.advanceTo(target);
        break;
      }
      const from = sim.now;
      const stop = Math.max(next, from);
      tl.advanceTo(stop);
      wall -= (stop - from) / rate;
    }
    this.#sinceFull += wallMs;
    this.#refresh(false);
  }

  // ---------------------------------------------------------------- actions

  /** Apply an action now. Acting in the past (after a seek back) drops the old future: a new branch. */
  apply(action: Action): number | undefined {
    const tl = this.#tl;
    if (tl.now < tl.end) {
      const t = tl.now;
      this.#history = this.#history.filter((l) => l.t <= t);
      this.#replayUntil = -1;
    }
    const r = tl.apply(action);
    this.#dirty = true;
    this.#refresh();
    return r;
  }

  /** Jump forward to virtual time `t` at once (for other islands, e.g. an exercise's solution replay). */
  advanceTo(t: number): void {
    if (!(t > this.#tl.now)) return;
    this.#tl.advanceTo(t);
    this.#dirty = true;
    this.#refresh();
  }

  /** Run the next engine event(s) (everything due at the next instant) and stop there. */
  step(): void {
    this.pause();
    const next = this.#tl.sim.nextEventTime();
    if (next !== undefined) this.#tl.advanceTo(Math.max(next, this.#tl.now));
    this.#dirty = true;
    this.#refresh();
  }

  /** Go to any instant between 0 and the end of this branch (checkpoints + deterministic replay). */
  seek(t: number): void {
    const end = this.#tl.end;
    this.#muted = true;
    try {
      this.#tl.seek(Math.max(0, Math.min(t, end)));
    } finally {
      this.#muted = false;
    }
    this.drops = [];
    this.#pace = -1;
    this.#replayUntil = Math.max(this.#replayUntil, end);
    this.#lastHasQuorum = null;
    this.#syncNarrator();
    this.#dirty = true;
    this.#refresh();
  }

  #syncNarrator(): void {
    const sim = this.#tl.sim;
    this.#narrator.sync(sim.nodes().map((n) => [n.id, n.up ? n.role : 'down'] as [string, string]), sim.ops());
  }

  /** Back to the start of the scenario, with a new seed if given. */
  reset(seed?: number): void {
    this.pause();
    if (seed !== undefined && Number.isSafeInteger(seed)) this.#base = { ...this.#base, seed };
    this.seed = this.#base.seed;
    this.#history = [];
    this.lines = [];
    this.drops = [];
    this.horizon = 0;
    this.#replayUntil = -1;
    this.#lastHasQuorum = null;
    this.#tl = this.#fresh(this.#base);
    this.#syncNarrator();
    this.#dirty = true;
    this.#refresh();
  }

  /** Load a shared state: the scenario, the actions injected and the instant. The event log is recorded
   *  while replaying, as if the reader had watched it. */
  load(state: SharedState): void {
    this.#base = state.scenario;
    this.reset();
    const tl = this.#tl;
    for (const ev of [...state.injected].sort((a, b) => a.at - b.at)) {
      tl.advanceTo(ev.at);
      const { at: _at, ...action } = ev;
      tl.apply(action as Action);
    }
    tl.advanceTo(state.t);
    this.#dirty = true;
    this.#refresh();
  }

  /** What a share link encodes: the starting scenario, this branch's actions up to now, and now. */
  shareState(): SharedState {
    const t = this.#tl.now;
    return { scenario: this.#base, injected: this.#tl.injected.filter((e) => e.at <= t), t };
  }

  setSpeed(s: number): void {
    if (Number.isFinite(s) && s > 0) this.speed = Math.min(10, Math.max(0.1, s));
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  // ---------------------------------------------------------------- animation loop

  play(): void {
    this.playing = true;
    this.#kick();
  }
  pause(): void {
    this.playing = false;
    this.#stopLoop();
    this.#refresh(); // show the exact state of the instant it stopped at
  }
  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** The widget is (not) in the viewport: off-screen widgets do not animate. */
  setOnscreen(v: boolean): void {
    this.#onscreen = v;
    if (v) this.#kick();
    else this.#stopLoop();
  }
  /** The tab is (not) visible: hidden tabs do not animate. */
  setVisible(v: boolean): void {
    this.#visible = v;
    if (v) this.#kick();
    else this.#stopLoop();
  }

  #kick(): void {
    if (this.#raf || !this.playing || !this.#visible || !this.#onscreen || typeof requestAnimationFrame === 'undefined') return;
    this.#last = 0;
    this.#raf = requestAnimationFrame(this.#frame);
  }
  #stopLoop(): void {
    if (this.#raf) cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }
  #frame = (ts: number): void => {
    this.#raf = 0;
    if (!this.playing || !this.#visible || !this.#onscreen) return;
    // A long gap (tab throttled, debugger) is not replayed at once: at most 100 ms of screen time per frame.
    const dt = this.#last ? Math.min(100, ts - this.#last) : 16;
    this.#last = ts;
    this.advanceWall(dt);
    this.#raf = requestAnimationFrame(this.#frame);
  };

  destroy(): void {
    this.pause();
    this.#unsub();
    this.#listeners.clear();
  }

  /** A translated string with {{vars}}. */
  t(key: string, vars?: Record<string, string | number>): string {
    return fmt(this.#strings[`widget.${key}`] ?? key, vars);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : 0;
}
