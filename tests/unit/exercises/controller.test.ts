// The exercise block's controller against the real engine behind a registry-like handle.
import { describe, expect, it } from 'vitest';
import { Timeline, type Action } from '../../../src/raft/index';
import { EXERCISES, EXERCISE_IDS, type ExerciseId, type ExerciseLogic } from '../../../src/exercises/index';
import { fillScenario, resolveStep } from '../../../src/exercises/run';
import { inputFrom } from '../../../src/exercises/types';
import { ExerciseController, type WatchedCluster } from '../../../src/widgets/exercise/controller';

function handle(id: ExerciseId, withReset = true) {
  const sc = EXERCISES[id].scenario;
  if (typeof sc === 'string') throw new Error('inline scenarios only');
  let tl = new Timeline(fillScenario(sc));
  const fns = new Set<() => void>();
  const notify = () => fns.forEach((f) => f());
  let plays = 0;
  const h: WatchedCluster & { run(t: number): void; plays(): number } = {
    get sim() {
      return tl.sim;
    },
    get timeline() {
      return tl;
    },
    apply(a: Action) {
      const r = tl.apply(a);
      notify();
      return r;
    },
    subscribe(fn) {
      fns.add(fn);
      return () => fns.delete(fn);
    },
    play() {
      plays++;
    },
    run(t: number) {
      tl.advanceTo(t);
      notify();
    },
    plays: () => plays,
  };
  if (withReset) h.reset = () => {
    tl = new Timeline(fillScenario(sc));
    notify();
  };
  return h;
}

function controller(logic: ExerciseLogic) {
  const solved: number[] = [];
  const c = new ExerciseController(logic, { onSolved: () => solved.push(1), throttleMs: 0, setTimer: () => 0, clearTimer: () => {} });
  return { c, solved };
}

/** The learner does what the solution says, by hand, each step `late` ms after its time. */
function byHand(h: ReturnType<typeof handle>, logic: ExerciseLogic, late = 0) {
  for (const step of logic.solution) {
    h.run(Math.max(h.sim.now, step.at + late));
    const a = resolveStep(step, inputFrom(h.sim));
    if (a) h.apply(a);
  }
  h.run(h.sim.now + logic.settle);
}

describe('exercise controller', () => {
  it('notices success by itself and records it once', () => {
    const h = handle('ha-one-crash');
    const { c, solved } = controller(EXERCISES['ha-one-crash']);
    c.attach(h);
    expect(c.state.phase).toBe('todo');
    byHand(h, EXERCISES['ha-one-crash']);
    expect(c.evaluate()).toBe(true);
    expect(c.state.phase).toBe('solved');
    c.evaluate();
    expect(solved).toHaveLength(1);
  });

  it('replays the solution step by step without counting it as the learner\'s success', () => {
    const logic = EXERCISES['lose-quorum'];
    const h = handle('lose-quorum');
    const { c, solved } = controller(logic);
    c.attach(h);
    h.run(9000); // the learner played a while
    c.startSolution();
    expect(h.sim.now).toBe(logic.solution[0].at); // reset, then fast-forwarded to the first step
    expect(c.state).toMatchObject({ phase: 'solution', step: 1, total: 3 });
    expect(h.plays()).toBeGreaterThan(0);
    c.nextStep();
    c.nextStep();
    expect(c.state).toMatchObject({ phase: 'solution-end', step: 3 });
    c.nextStep(); // nothing left
    expect(c.state.step).toBe(3);
    h.run(h.sim.now + logic.settle);
    expect(c.evaluate()).toBe(true);
    expect(c.state.phase).toBe('solution-solved');
    expect(solved).toHaveLength(0);
    // Start again: the solution is gone from the history, and the learner's own success counts.
    c.restart();
    expect(h.sim.injected).toHaveLength(0);
    expect(c.state.phase).toBe('todo');
    byHand(h, logic);
    c.evaluate();
    expect(c.state.phase).toBe('solved');
    expect(solved).toHaveLength(1);
  });

  it('resets through the timeline when the widget offers no reset()', () => {
    const logic = EXERCISES['provoke-election'];
    const h = handle('provoke-election', false);
    const { c } = controller(logic);
    c.attach(h);
    byHand(h, logic);
    expect(c.evaluate()).toBe(true);
    c.startSolution();
    expect(h.sim.injected).toHaveLength(1); // the future was dropped: only the solution's crash
    expect(h.sim.now).toBe(logic.solution[0].at);
  });

  it('never throws when a check does', () => {
    const { c } = controller({ ...EXERCISES['ha-one-crash'], check: () => { throw new Error('boom'); } });
    c.attach(handle('ha-one-crash'));
    expect(c.evaluate()).toBe(false);
    expect(c.state.phase).toBe('todo');
  });

  it('evaluates without a cluster as not solved', () => {
    const { c } = controller(EXERCISES['ha-one-crash']);
    expect(c.evaluate()).toBe(false);
    expect(c.state.phase).toBe('waiting');
  });
});

describe.each(EXERCISE_IDS.map((id) => [id]))('%s in the widget', (id) => {
  it('is solved by a learner acting later than the solution does (1.5 s late at every step)', () => {
    const h = handle(id);
    const { c, solved } = controller(EXERCISES[id]);
    c.attach(h);
    byHand(h, EXERCISES[id], 1500);
    c.evaluate();
    expect(solved).toHaveLength(1);
  });

  it('is solved by the step-by-step solution replay', () => {
    const h = handle(id);
    const { c, solved } = controller(EXERCISES[id]);
    c.attach(h);
    c.startSolution();
    while (c.state.step < c.state.total) c.nextStep();
    h.run(h.sim.now + EXERCISES[id].settle);
    c.evaluate();
    expect(c.state.phase).toBe('solution-solved');
    expect(solved).toHaveLength(0);
  });
});
