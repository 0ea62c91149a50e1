// The adapter between the engine and the cluster widget's components (STYLE.md example 14): it owns the
// Simulation, drives it from a requestAnimationFrame loop, keeps engine snapshots in $state.raw (replaced, never
// mutated) and re-reads them only when an engine event said something changed. Everything shown comes from the
// engine: this file never invents cluster state.
import { Timeline } from '../../raft';
import type { Simulation } from '../../raft';
import type { Action, MessageView, NodeView, OpView, QuorumView, Scenario, SimEvent } from '../../raft';
import type { SharedState } from '../../scenarios/share';
import { fmt } from '../../i18n/format';
import { Narrator, type Line } from './narrate';
import { RATE, pace } from './pace';
import { MajorityWatch, type Majority } from './majority';
import { replay, type LoadResult } from './replay';
import { FrameLoop } from './loop';

export type { Majority, LoadResult };
export { REPLAY_MAX_EVENTS } from './replay';

/** The speeds offered (multiples of the default teaching pace). */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10] as const;
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 10;

/** How long a dropped message takes to fall, in wall ms. */
export const DROP_WALL_MS = 900;
/** While playing, node snapshots (logs included: the costliest read) are re-read at most this often (wall ms);
 *  messages, the clock and timers still move every frame. A user action refreshes everything at once. */
const FULL_EVERY_MS = 50;
/** Engine instants run per animation frame at most (see advanceWall). */
const MAX_STEPS_PER_FRAME = 400;
/** Longest event log kept on screen. */
const MAX_LINES = 200;
/** "Skip to the next thing that happens" looks this far ahead (virtual ms) at most. */
export const SKIP_HORIZON_MS = 30_000;

/** The state of the cluster as the quorum panel tells it (docs/ARCHITECTURE.md, QuorumView.state). */
export type QuorumState = 'healthy' | 'electing' | 'lost';

/** Engine events that an action (the scenario's or the learner's) produces, by which the event log tells them. */
const ACTION_EVENTS = new Set(['crash', 'restart', 'partition', 'heal', 'invoke', 'member', 'network', 'features', 'reject', 'transfer']);

export interface DropView {
  id: number;
  msg: MessageView;
  /** Fraction of the way it had travelled when lost. */
  at: number;
  /** Wall time (performance.now()) it was seen. */
  wall: number;
}

const EMPTY_QUORUM: QuorumView = { voters: [], quorum: 1, up: [], reachable: [], leader: null, hasQuorum: false, state: 'lost', largestGroup: [], tolerated: 0, staleLeaders: [], electionWithinMs: null };

/** The state in three words, from the engine (`state` since the engine tells it; before that, from hasQuorum). */
export function quorumState(q: QuorumView): QuorumState {
  const s = (q as { state?: QuorumState }).state;
  return s ?? (q.hasQuorum ? 'healthy' : 'lost');
}

export class ClusterModel {
  /** Virtual time shown (ms). */
  now = $state(0);
  /** Furthest instant reached on the current branch (the scrubber's end). */
  horizon = $state(0);
  nodes = $state.raw<NodeView[]>([]);
  messages = $state.raw<MessageView[]>([]);
  drops = $state.raw<DropView[]>([]);
  quorum = $state.raw<QuorumView>(EMPTY_QUORUM);
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
  /** The learner acted while the scenario still had scripted events ahead: the script stopped there. */
  tookOver = $state(false);
  /** The scenario has scripted events (a story that can be replayed). */
  readonly scripted: boolean;
  /** A share link is being replayed: fraction done (0..1), or -1 when not replaying. */
  replaying = $state(-1);
  /** After "skip": nothing happened within SKIP_HORIZON_MS. */
  quiet = $state(false);
  /** The voters that formed the majority of the latest election or commit (highlighted on the ring until
   *  `until`, virtual ms). */
  majority = $state.raw<Majority | null>(null);

  #tl: Timeline;
  /** The scenario the timeline runs (the story, or the story cut where the learner took over). */
  #base: Scenario;
  /** The scenario as the lesson wrote it. */
  #story: Scenario;
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
  /** Inside a learner's apply(): the action events are the learner's, not the script's. */
  #inApply = false;
  /** Instants of the scripted events still in the timeline's scenario. */
  #scriptTimes = new Set<number>();
  /** Set when an event produced a line (used by skip()). */
  #happened = false;
  /** After a seek back, events up to this instant are a replay: their lines are already in the history. */
  #replayUntil = -1;
  #unsub: () => void = () => {};
  #listeners = new Set<() => void>();
  #lastState: QuorumState | null = null;
  #loadGen = 0;
  #majorities = new MajorityWatch();
  #loop = new FrameLoop((dt) => this.advanceWall(dt));

  /** `warm`: start at the first instant a leader holds a quorum (within 10 election timeouts), so the first
   *  picture (also the static figure rendered at build time) shows a working cluster. Deterministic. */
  constructor(scenario: Scenario, strings: Record<string, string>, speed = 1, warm = false) {
    this.#base = scenario;
    this.#story = scenario;
    this.scripted = scenario.events.length > 0;
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
  get state(): QuorumState {
    return quorumState(this.quorum);
  }
  /** Scripted events of the story still ahead of now (a learner's action would stop them). */
  get scriptAhead(): boolean {
    const t = this.#tl.now;
    return this.#base.events.some((e) => e.at > t);
  }

  // ---------------------------------------------------------------- engine plumbing

  #fresh(s: Scenario): Timeline {
    this.#unsub();
    this.#pace = -1;
    this.#scriptTimes = new Set(s.events.map((e) => e.at));
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
    const maj = this.#majorities.feed(e, (id) => this.#tl.sim.node(id));
    if (maj) this.majority = maj;
    if (e.type === 'drop' && !this.reducedMotion) {
      const m = e.msg;
      const span = m.arriveAt - m.sentAt;
      const at = span > 0 ? Math.min(1, Math.max(0, (e.t - m.sentAt) / span)) : 0;
      this.drops = [...this.drops.filter((d) => now() - d.wall < DROP_WALL_MS), { id: m.id, msg: m, at: Math.min(0.85, at || 0.5), wall: now() }];
      return;
    }
    // While replaying a branch already seen (after a seek back), its lines are already in the history.
    if (e.t <= this.#replayUntil) return;
    const scripted = !this.#inApply && ACTION_EVENTS.has(e.type) && this.#scriptTimes.has(e.t);
    const line = this.#narrator.feed(e as Parameters<Narrator['feed']>[0], scripted);
    if (!line) return;
    this.#happened = true;
    this.#history.push(line);
    if (this.#history.length > MAX_LINES * 4) this.#history.splice(0, this.#history.length - MAX_LINES * 2);
    if (line.announce) this.announcement = line.announce;
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
    const st = this.state;
    if (this.#lastState !== null && st !== this.#lastState && !this.#muted) this.announcement = this.t(st === 'electing' ? 'quorum.electingShort' : st === 'healthy' ? 'quorum.ok' : 'quorum.lost');
    this.#lastState = st;
    for (const fn of this.#listeners) fn();
  }

  /** Virtual ms per wall ms right now (see pace.ts). */
  #rate(): number {
    if (this.#pace < 0) this.#pace = this.reducedMotion ? RATE.idle : pace(this.#tl.sim.inFlight(), this.#base.timing.latencyMs);
    return this.speed * this.#pace;
  }

  /** Advance the simulation by `wallMs` of screen time, event by event so the pace follows what travels. */
  advanceWall(wallMs: number): void {
    const tl = this.#tl;
    const sim = tl.sim;
    let wall = wallMs;
    // At most MAX_STEPS_PER_FRAME engine instants per frame: on a slow or loaded machine virtual time lags
    // behind instead of each frame doing more work than the last (a frame stays around 10 ms of script).
    for (let guard = 0; wall > 1e-6 && guard < MAX_STEPS_PER_FRAME; guard++) {
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

  /** Apply a learner's action now. Acting in the past (after a seek back) drops the old future: a new branch.
   *  Acting while the scenario still has scripted events ahead stops the script there (the learner takes over). */
  apply(action: Action): number | undefined {
    let tl = this.#tl;
    if (tl.now < tl.end) {
      const t = tl.now;
      this.#history = this.#history.filter((l) => l.t <= t);
      this.#replayUntil = -1;
    }
    if (this.scriptAhead) {
      this.#takeOver();
      tl = this.#tl;
    }
    this.#inApply = true;
    let r: number | undefined;
    try {
      r = tl.apply(action);
    } finally {
      this.#inApply = false;
    }
    this.#dirty = true;
    this.#refresh();
    return r;
  }

  /** The learner takes over: the scripted future is dropped. The timeline is rebuilt on the story cut at now
   *  (events at or before now have all run) and replayed silently to the very same state: the engine is
   *  deterministic and a scripted event ahead draws nothing from the random stream before it runs. */
  #takeOver(): void {
    const old = this.#tl;
    const t = old.now;
    const injected = old.injected.filter((e) => e.at <= t);
    this.#base = { ...this.#base, events: this.#base.events.filter((e) => e.at <= t) };
    this.#tl = this.#fresh(this.#base);
    this.#muted = true;
    this.#tl.sim.setMuted(true);
    try {
      this.#replayActions(injected, t);
    } finally {
      this.#tl.sim.setMuted(false);
      this.#muted = false;
    }
    this.#scriptTimes = new Set();
    this.tookOver = true;
    this.#syncNarrator();
  }

  #replayActions(injected: SharedState['injected'], t: number): void {
    const tl = this.#tl;
    for (const ev of [...injected].sort((a, b) => a.at - b.at)) {
      tl.advanceTo(ev.at);
      const { at: _at, ...action } = ev;
      tl.apply(action as Action);
    }
    tl.advanceTo(t);
  }

  /** Jump forward to virtual time `t` at once (other islands, the test hook). */
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

  /** Skip to the next thing that happens (anything the event log tells: a timeout, a vote, a role, a
   *  commit, a fault, a client request ending…), at most SKIP_HORIZON_MS ahead. Returns true if something
   *  happened. Keeps playing if it was. */
  skip(): boolean {
    const tl = this.#tl;
    const limit = tl.now + SKIP_HORIZON_MS;
    this.#happened = false;
    while (!this.#happened) {
      const next = tl.sim.nextEventTime();
      if (next === undefined || next > limit) {
        tl.advanceTo(limit);
        break;
      }
      tl.advanceTo(Math.max(next, tl.now));
    }
    this.quiet = !this.#happened;
    this.#dirty = true;
    this.#pace = -1;
    this.#refresh();
    return this.#happened;
  }

  /** Advance event by event until `pred` holds or `maxMs` of virtual time passed; true if it held. */
  runUntil(pred: () => boolean, maxMs = 60_000): boolean {
    const tl = this.#tl;
    const limit = tl.now + maxMs;
    const check = () => {
      this.#dirty = true;
      this.#refresh();
      return pred();
    };
    if (check()) return true;
    for (;;) {
      const next = tl.sim.nextEventTime();
      if (next === undefined || next > limit) {
        tl.advanceTo(limit);
        return check();
      }
      tl.advanceTo(Math.max(next, tl.now));
      if (check()) return true;
    }
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
    this.majority = null;
    this.#pace = -1;
    this.#replayUntil = Math.max(this.#replayUntil, end);
    this.#lastState = null;
    this.#syncNarrator();
    this.#dirty = true;
    this.#refresh();
  }

  #syncNarrator(): void {
    const sim = this.#tl.sim;
    this.#narrator.sync(sim.nodes().map((n) => [n.id, n.up ? n.role : 'down'] as [string, string]), sim.ops());
  }

  /** Back to the start of the story (the scenario as written, script included), with a new seed if given. */
  reset(seed?: number): void {
    this.pause();
    this.#loadGen++;
    this.replaying = -1;
    if (seed !== undefined && Number.isSafeInteger(seed)) this.#story = { ...this.#story, seed };
    this.#base = this.#story;
    this.seed = this.#base.seed;
    this.tookOver = false;
    this.quiet = false;
    this.majority = null;
    this.#majorities.clear();
    this.#history = [];
    this.lines = [];
    this.drops = [];
    this.horizon = 0;
    this.#replayUntil = -1;
    this.#lastState = null;
    this.#tl = this.#fresh(this.#base);
    this.#syncNarrator();
    this.#dirty = true;
    this.#refresh();
  }

  /** Replay the story from the start and play it. */
  replayStory(): void {
    this.reset();
    this.play();
  }

  /** Load a shared state: the scenario, the actions injected and the instant. Silent (nothing is narrated,
   *  nothing reactive changes until it lands), bounded, and in slices that yield to the page (replay.ts). */
  async load(state: SharedState, opts: { maxEvents?: number; yieldFn?: () => Promise<void> } = {}): Promise<LoadResult> {
    this.#story = state.scenario;
    this.reset();
    const gen = this.#loadGen;
    const sim = this.#tl.sim;
    this.#muted = true;
    sim.setMuted(true);
    this.replaying = 0;
    let result: LoadResult;
    try {
      result = await replay(this.#tl, state, {
        ...opts,
        progress: (f) => (this.replaying = f),
        cancelled: () => gen !== this.#loadGen,
      });
    } finally {
      if (gen === this.#loadGen) {
        sim.setMuted(false);
        this.#muted = false;
        this.replaying = -1;
      }
    }
    if (gen !== this.#loadGen) return { ok: false, reason: 'cancelled' };
    this.#syncNarrator();
    this.#dirty = true;
    this.#refresh();
    return result;
  }

  /** What a share link encodes: the starting scenario, this branch's actions up to now, and now. */
  shareState(): SharedState {
    const t = this.#tl.now;
    return { scenario: this.#base, injected: this.#tl.injected.filter((e) => e.at <= t), t };
  }

  setSpeed(s: number): void {
    if (Number.isFinite(s) && s > 0) this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, s));
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  // ---------------------------------------------------------------- animation loop

  play(): void {
    this.playing = true;
    this.quiet = false;
    this.#loop.playing = true;
  }
  pause(): void {
    this.playing = false;
    this.#loop.playing = false;
    this.#refresh(); // show the exact state of the instant it stopped at
  }
  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }
  /** Virtual time moves on its own: playing, on screen (on a deck, on the slide shown) and in a visible tab. */
  get animating(): boolean {
    return this.#loop.running;
  }
  /** The widget is (not) in the viewport: off-screen widgets do not animate. */
  setOnscreen(v: boolean): void {
    this.#loop.onscreen = v;
  }
  /** The tab is (not) visible: hidden tabs do not animate. */
  setVisible(v: boolean): void {
    this.#loop.visible = v;
  }

  destroy(): void {
    this.#loadGen++;
    this.pause();
    this.#unsub();
    this.#listeners.clear();
  }

  /** A translated widget string with {{vars}}. */
  t(key: string, vars?: Record<string, string | number>): string {
    return fmt(this.#strings[`widget.${key}`] ?? key, vars);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : 0;
}
