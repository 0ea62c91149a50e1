// What an exercise is made of. The logic (scenario, controls, check, solution) lives in lessons/, assembled by
// catalog.ts and bundled into the exercise island; the texts (fr + en) live in text.ts and are resolved at build time.
import type {
  Action,
  NodeView,
  OpView,
  QuorumView,
  Scenario,
  ScenarioEvent,
  TraceLine,
} from '../raft/types';

export type { Action, NodeView, OpView, QuorumView, Scenario, ScenarioEvent, TraceLine };

/** The stable ids (docs/ARCHITECTURE.md): progress is stored under them, pages carry them. */
export const EXERCISE_IDS = [
  'ha-one-crash',
  'lose-quorum',
  'provoke-election',
  'follower-catch-up',
  'prevote-off-disruption',
  'restore-quorum',
  'stale-serializable-read',
  'smallest-two-failures',
  'four-nodes-two-failures',
  'split-five-writes-continue',
  'split-five-writes-stop',
  'grow-three-to-five',
  'transfer-leadership',
  'checkquorum-step-down',
] as const;
export type ExerciseId = (typeof EXERCISE_IDS)[number];

/** Lesson slug of each exercise (the course map counts exercises per lesson with it). */
export const EXERCISE_LESSON: Record<ExerciseId, string> = {
  'ha-one-crash': '02-haute-disponibilite',
  'lose-quorum': '03-quorum',
  'provoke-election': '04-raft',
  'follower-catch-up': '04-raft',
  'prevote-off-disruption': '08-surete-raft',
  'restore-quorum': '05-trois-noeuds',
  'stale-serializable-read': '05-trois-noeuds',
  'smallest-two-failures': '06-combien-de-pannes',
  'four-nodes-two-failures': '07-nombre-pair',
  'split-five-writes-continue': '07-nombre-pair',
  'split-five-writes-stop': '07-nombre-pair',
  'grow-three-to-five': '09-conclusion',
  'transfer-leadership': '09-conclusion',
  'checkquorum-step-down': '08-surete-raft',
};

export function isExerciseId(id: string): id is ExerciseId {
  return (EXERCISE_IDS as readonly string[]).includes(id);
}

/**
 * Everything a check may look at: exactly what the Simulation exposes, read at one instant. A check is a pure
 * function of this, so it gives the same answer after a seek in time or a replay.
 */
export interface CheckInput {
  now: number;
  scenario: Scenario;
  nodes: NodeView[];
  quorum: QuorumView;
  ops: OpView[];
  /** The contract trace so far. */
  trace: readonly TraceLine[];
  /** Actions the learner (or the solution) applied, with their time: setFeatures, membership, transfer… */
  injected: readonly ScenarioEvent[];
}

/** The part of the engine's Simulation an exercise reads. */
export interface SimLike {
  readonly now: number;
  readonly scenario: Scenario;
  readonly injected: readonly ScenarioEvent[];
  nodes(): NodeView[];
  quorum(): QuorumView;
  ops(): OpView[];
  trace(): readonly TraceLine[];
}

export function inputFrom(sim: SimLike): CheckInput {
  return {
    now: sim.now,
    scenario: sim.scenario,
    nodes: sim.nodes(),
    quorum: sim.quorum(),
    ops: sim.ops(),
    trace: sim.trace(),
    injected: sim.injected,
  };
}

/** One step of a solution: at virtual time `at` (ms from the scenario's start), apply an action. An action
 *  may be computed from the state at that instant (to name the node that is leader then, for example);
 *  null skips the step. */
export interface SolutionStep {
  at: number;
  action: Action | ((s: CheckInput) => Action | null);
}

/** The starting scenario: the name of a file of src/scenarios/examples/, or an inline scenario. */
export type ScenarioInput = string | (Partial<Scenario> & { seed: number; members: string[] });

/** A mistake the exercise expects: a predicate over the run's history, like the check, that says when the
 *  learner could see it happen (virtual ms: a failed write's end, a refused action's instant), or null if it was
 *  not made. Its explanation (one sentence that teaches why, fr + en) is `TEXTS[id].mistakes[mistake.id]`. */
export interface Mistake {
  id: string;
  test: (s: CheckInput) => number | null;
}

/** Why the goal cannot be reached from the current state any more, and the way out (i18n `exercise.deadEnd.<id>`):
 *  - `no-majority-down`: too many voters are down for a majority; restart one (or start again);
 *  - `no-majority-split`: the network leaves no side with a majority; reconnect it (or start again). */
export type DeadEndId = 'no-majority-down' | 'no-majority-split';

export interface ExerciseLogic {
  id: ExerciseId;
  scenario: ScenarioInput;
  /** Controls of the cluster widget the learner needs (see src/components/Cluster.astro). */
  controls: string[];
  check: (s: CheckInput) => boolean;
  solution: SolutionStep[];
  /** Virtual ms to keep running after the last step before the check holds. */
  settle: number;
  /** The mistakes this exercise expects, first match wins (at least one per exercise). */
  mistakes: Mistake[];
  /** The goal needs a leader that can commit after the learner's moves: a lost majority is a dead end. */
  needsLeader: boolean;
  /** A multi-part goal: one predicate per part (same order as `TEXTS[id].parts`); done once it held. */
  parts?: ((s: CheckInput) => boolean)[];
  /** Show how far behind the leader the members added during the run are (their catch-up matters). */
  showCatchUp?: boolean;
}

export interface Bilingual {
  fr: string;
  en: string;
}

export interface ExerciseText {
  goal: Bilingual;
  /** Up to three, from a nudge to almost the answer. */
  hints: Bilingual[];
  /** Shown when the check holds: what just happened, and why. */
  success: Bilingual;
  /** One line per solution step, announced while the solution replays (same length as `solution`). */
  steps: Bilingual[];
  /** One sentence per expected mistake (keyed by `Mistake.id`): what went wrong and why. */
  mistakes: Record<string, Bilingual>;
  /** The parts of a multi-part goal (same length as the logic's `parts`). */
  parts?: Bilingual[];
}
