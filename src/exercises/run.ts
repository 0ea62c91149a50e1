// Running an exercise headless: the starting scenario with the contract's defaults filled in, and a solution
// (or any list of steps) replayed on a simulation. Tests use it; the island replays step by step itself.
import type { Action, CheckInput, ExerciseLogic, Scenario, ScenarioInput, SimLike, SolutionStep } from './types';
import { inputFrom } from './types';

/** The contract's defaults (shared/spec/simulation-contract.md), for an inline scenario. */
export function fillScenario(input: Exclude<ScenarioInput, string>): Scenario {
  return {
    seed: input.seed,
    members: [...input.members],
    learners: [...(input.learners ?? [])],
    timing: {
      heartbeatMs: 100,
      electionTimeoutMs: 1000,
      latencyMs: [2, 10],
      requestTimeoutMs: 5000,
      ...(input.timing ?? {}),
    },
    features: { preVote: true, checkQuorum: true, ...(input.features ?? {}) },
    network: { dropRate: 0, duplicateRate: 0, ...(input.network ?? {}) },
    until: input.until ?? 600_000,
    events: [...(input.events ?? [])],
  };
}

/** The action of a step at this instant (null: nothing to do). */
export function resolveStep(step: SolutionStep, s: CheckInput): Action | null {
  try {
    return typeof step.action === 'function' ? step.action(s) : step.action;
  } catch {
    return null;
  }
}

export interface Runnable extends SimLike {
  advanceTo(t: number): void;
  apply(action: Action): number | undefined;
}

/** Replay `steps` (times relative to `from`, default 0 = the scenario's start) then run `settle` more ms. */
export function runSteps(sim: Runnable, steps: readonly SolutionStep[], settle: number, from = 0): void {
  let last = sim.now;
  for (const step of steps) {
    const t = from + step.at;
    if (t > sim.now) sim.advanceTo(t);
    const a = resolveStep(step, inputFrom(sim));
    if (a) sim.apply(a);
    last = Math.max(last, t);
  }
  sim.advanceTo(last + settle);
}

export function runSolution(sim: Runnable, ex: ExerciseLogic): void {
  runSteps(sim, ex.solution, ex.settle);
}
