// The exercise block's brain, framework-free so it can be tested against the real engine: it watches the
// cluster widget that has the exercise's id (through the registry), evaluates the check after every change,
// records success in the progress store, and replays the solution step by step on demand.
import type { Action, Timeline } from '../../raft';
import type { ExerciseLogic, SimLike } from '../../exercises/types';
import { inputFrom } from '../../exercises/types';
import { resolveStep } from '../../exercises/run';
import { diagnose, momentsOf, type CatchUpRow, type Moment } from '../../exercises/coach';
import type { DeadEndId } from '../../exercises/types';

/** What the exercise block needs from a cluster handle (src/widgets/registry.ts ClusterHandle, plus
 *  optional extras a widget may offer). */
export interface WatchedCluster {
  readonly sim: SimLike & { advanceTo(t: number): void };
  readonly timeline?: Pick<Timeline, 'seek' | 'fork' | 'advanceTo'> | unknown;
  apply(action: Action): number | undefined;
  subscribe(fn: () => void): () => void;
  reset?(): void;
  play?(): void;
  advanceTo?(t: number): void;
}

export type Phase =
  | 'waiting' // no cluster yet
  | 'todo'
  | 'solved' // the learner reached the goal
  | 'solution' // a solution replay is under way (steps left)
  | 'solution-end' // all solution steps applied, the goal not reached yet
  | 'solution-solved'; // the replayed solution reached the goal (not recorded as the learner's success)

export interface ControllerState {
  phase: Phase;
  /** Steps of the solution applied so far (0 when no replay). */
  step: number;
  total: number;
  /** The check held at least once by the learner's own actions on this page. */
  solvedHere: boolean;
  /** The expected mistake the learner just made (its id in the exercise's list), in the learner's own run. */
  mistake: string | null;
  /** The goal is out of reach from the current state (learner's own run, goal not reached). */
  deadEnd: DeadEndId | null;
  /** Parts of a multi-part goal done so far (empty for a one-part goal). */
  parts: boolean[];
  /** Catch-up of the members added during the run, where the exercise depends on it. */
  catchUp: CatchUpRow[];
  /** The learner's own run, captured when they reached the goal: the moments that mattered, from the first
   *  leader (`from`) to the success (`to`), virtual ms. */
  run: { moments: Moment[]; from: number; to: number } | null;
}

type Coach = Pick<ControllerState, 'mistake' | 'deadEnd' | 'parts' | 'catchUp'>;
const NO_COACH: Coach = { mistake: null, deadEnd: null, parts: [], catchUp: [] };

export interface ControllerOptions {
  /** The learner solved it (called once per page). */
  onSolved?: () => void;
  /** Something visible changed. */
  onChange?: (s: ControllerState) => void;
  /** Fallback for starting the clock when the handle has no play(). */
  startClock?: () => void;
  /** Milliseconds between two evaluations at most (the check reads the whole trace). */
  throttleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (h: unknown) => void;
}

export class ExerciseController {
  readonly logic: ExerciseLogic;
  #opts: ControllerOptions;
  #h: WatchedCluster | null = null;
  #unsub: () => void = () => {};
  #phase: Phase = 'waiting';
  #step = 0;
  #solvedHere = false;
  /** Solution actions applied on the current branch: while they are part of the history, success is the
   *  solution's, not the learner's. */
  #solutionMarks = 0;
  #timer: unknown = null;
  #lastEval = -Infinity;
  #coach: Coach = NO_COACH;
  #run: ControllerState['run'] = null;

  constructor(logic: ExerciseLogic, opts: ControllerOptions = {}) {
    this.logic = logic;
    this.#opts = opts;
  }

  get state(): ControllerState {
    return { phase: this.#phase, step: this.#step, total: this.logic.solution.length, solvedHere: this.#solvedHere, ...this.#coach, run: this.#run };
  }

  attach(h: WatchedCluster): () => void {
    this.detach();
    this.#h = h;
    this.#phase = 'todo';
    this.#unsub = h.subscribe(() => this.#schedule());
    this.evaluate();
    return () => this.detach();
  }

  detach(): void {
    this.#unsub();
    this.#unsub = () => {};
    if (this.#timer !== null) (this.#opts.clearTimer ?? clearTimeout)(this.#timer as ReturnType<typeof setTimeout>);
    this.#timer = null;
    this.#h = null;
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    const wait = this.#opts.throttleMs ?? 200;
    const set = this.#opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    this.#timer = set(() => {
      this.#timer = null;
      this.evaluate();
    }, wait);
  }

  /** Is the solution's replay part of the current history? (A reset or a fork before it removes it.) */
  #tainted(): boolean {
    if (this.#solutionMarks === 0 || !this.#h) return false;
    if (this.#h.sim.injected.length < this.#solutionMarks) {
      this.#solutionMarks = 0;
      if (this.#phase !== 'solved') this.#phase = 'todo';
      this.#step = 0;
      return false;
    }
    return true;
  }

  /** Run the check on the cluster as it is now. Returns whether it holds. Never throws. */
  evaluate(): boolean {
    const h = this.#h;
    if (!h) return false;
    let ok = false;
    const input = inputFrom(h.sim);
    try {
      ok = this.logic.check(input);
    } catch {
      ok = false;
    }
    const tainted = this.#tainted();
    const before = this.state;
    let coach = NO_COACH;
    try {
      const d = diagnose(this.logic, input);
      // Mistakes and dead ends are about the learner's own run, before the goal is reached; the parts and the
      // catch-up are shown along the solution's replay too.
      const own = !tainted && !ok && this.#phase !== 'solved';
      coach = { mistake: own ? d.mistake : null, deadEnd: own ? d.deadEnd : null, parts: d.parts, catchUp: d.catchUp };
    } catch {
      /* coaching is a courtesy */
    }
    this.#coach = coach;
    if (ok && tainted) {
      if (this.#phase === 'solution' || this.#phase === 'solution-end') this.#phase = 'solution-solved';
    } else if (ok) {
      if (this.#phase !== 'solved') {
        try {
          const first = input.trace.find((l) => l.type === 'role' && l.role === 'leader');
          this.#run = { moments: momentsOf(input), from: first?.t ?? 0, to: input.now };
        } catch {
          this.#run = null;
        }
      }
      this.#phase = 'solved';
      if (!this.#solvedHere) {
        this.#solvedHere = true;
        try {
          this.#opts.onSolved?.();
        } catch {
          /* progress is a courtesy */
        }
      }
    }
    const after = this.state;
    if (JSON.stringify(before) !== JSON.stringify(after) || this.#lastEval < 0) {
      this.#lastEval = 0;
      this.#opts.onChange?.(after);
    }
    return ok;
  }

  /** Back to the scenario's start (the learner's "start again", and the solution's first move). */
  restart(): void {
    const h = this.#h;
    if (!h) return;
    this.#solutionMarks = 0;
    this.#step = 0;
    this.#phase = 'todo';
    this.#run = null;
    if (typeof h.reset === 'function') h.reset();
    else {
      const tl = h.timeline as Partial<Pick<Timeline, 'seek' | 'fork'>> | undefined;
      if (tl && typeof tl.seek === 'function') {
        tl.seek(0);
        tl.fork?.();
      }
    }
    this.#startClock();
    this.evaluate();
    this.#opts.onChange?.(this.state);
  }

  #startClock(): void {
    const h = this.#h;
    if (h && typeof h.play === 'function') h.play();
    else this.#opts.startClock?.();
  }

  /** Reset the cluster and apply the solution's first step. */
  startSolution(): void {
    if (!this.#h) return;
    this.restart();
    this.#phase = 'solution';
    this.#step = 0;
    this.nextStep();
  }

  /** Apply the next solution step: first let the cluster reach the step's time (fast-forward), then act. */
  nextStep(): void {
    const h = this.#h;
    if (!h || (this.#phase !== 'solution' && this.#phase !== 'solution-solved')) return;
    const steps = this.logic.solution;
    if (this.#step >= steps.length) return;
    const step = steps[this.#step];
    if (h.sim.now < step.at) {
      if (typeof h.advanceTo === 'function') h.advanceTo(step.at);
      else {
        const tl = h.timeline as Partial<Pick<Timeline, 'advanceTo'>> | undefined;
        if (tl && typeof tl.advanceTo === 'function') tl.advanceTo(step.at);
        else h.sim.advanceTo(step.at);
      }
    }
    const action = resolveStep(step, inputFrom(h.sim));
    if (action) {
      h.apply(action);
      this.#solutionMarks = h.sim.injected.length;
    }
    this.#step++;
    if (this.#step >= steps.length && this.#phase === 'solution') this.#phase = 'solution-end';
    this.#startClock();
    this.evaluate();
    this.#opts.onChange?.(this.state);
  }
}
