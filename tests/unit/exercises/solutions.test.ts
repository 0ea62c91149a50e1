// Every exercise: its solution, run through the real engine, passes its check; a plausible wrong attempt
// does not; and doing nothing passes nothing.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/raft/index';
import { EXERCISES, EXERCISE_IDS, inputFrom, type ExerciseId, type SolutionStep } from '../../../src/exercises/index';
import { followersNow, leaderNow } from '../../../src/exercises/catalog';
import { fillScenario, runSolution, runSteps } from '../../../src/exercises/run';
import { votersAt } from '../../../src/exercises/history';

function start(id: ExerciseId): Simulation {
  const sc = EXERCISES[id].scenario;
  if (typeof sc === 'string') throw new Error(`${id}: named scenarios are not used by exercises`);
  return new Simulation(fillScenario(sc));
}

function attempt(id: ExerciseId, steps: SolutionStep[], settle: number): Simulation {
  const sim = start(id);
  runSteps(sim, steps, settle);
  return sim;
}

const crashFollower: SolutionStep['action'] = (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' });
const put = (key: string, value: string): SolutionStep['action'] => (s) => ({ action: 'put', key, value, node: leaderNow(s) ?? undefined });
const isolateFollower: SolutionStep['action'] = (s) => {
  const f = followersNow(s)[0];
  return { action: 'partition', groups: [[f], s.nodes.map((n) => n.id).filter((n) => n !== f)] };
};

/** A plausible wrong attempt for each exercise, and how long to let it run afterwards. */
const WRONG: Record<ExerciseId, { what: string; steps: SolutionStep[]; settle: number; lastOp?: 'ok' | 'failed' }[]> = {
  'ha-one-crash': [{ what: 'a write with every node up', steps: [{ at: 3000, action: put('k', 'v') }], settle: 2000, lastOp: 'ok' }],
  'lose-quorum': [
    { what: 'one crash only, then a write', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: put('k', 'v') }], settle: 7000, lastOp: 'ok' },
  ],
  'provoke-election': [{ what: 'crashing a follower', steps: [{ at: 3000, action: crashFollower }], settle: 8000 }],
  'follower-catch-up': [
    {
      what: 'writing while a follower is down, never restarting it',
      steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: put('x', '1') }],
      settle: 5000,
    },
    {
      what: 'writing before the crash, then crash and restart',
      steps: [
        { at: 3000, action: put('x', '1') },
        { at: 3500, action: crashFollower },
        { at: 4500, action: (s) => ({ action: 'restart', node: s.nodes.find((n) => !n.up)?.id ?? 'n1' }) },
      ],
      settle: 5000,
    },
  ],
  'prevote-off-disruption': [
    {
      what: 'the disruption with PreVote off, without the comparison with PreVote on',
      steps: EXERCISES['prevote-off-disruption'].solution.slice(0, 3),
      settle: 4000,
    },
    {
      what: 'isolating and healing with PreVote on only',
      steps: [{ at: 3000, action: isolateFollower }, { at: 9000, action: { action: 'heal' } }],
      settle: 4000,
    },
  ],
  'restore-quorum': [
    {
      what: 'a linearizable read before restoring the quorum',
      steps: [{ at: 6000, action: (s) => ({ action: 'get', key: 'commande', node: s.nodes.find((n) => n.up)?.id }) }],
      settle: 7000,
      lastOp: 'failed',
    },
    {
      what: 'a serializable read on the surviving node, without restoring the quorum',
      steps: [{ at: 6000, action: (s) => ({ action: 'get', key: 'commande', consistency: 'serializable', node: s.nodes.find((n) => n.up)?.id }) }],
      settle: 2000,
      lastOp: 'ok',
    },
  ],
  'stale-serializable-read': [
    {
      what: 'reading from the isolated follower before any newer write',
      steps: [
        { at: 3000, action: isolateFollower },
        { at: 3500, action: (s) => ({ action: 'get', key: 'stock', consistency: 'serializable', node: s.nodes.find((n) => n.role === 'follower' && n.up)?.id }) },
      ],
      settle: 6000,
    },
    {
      what: 'a serializable read on the leader after a write (fresh, not stale)',
      steps: [
        { at: 3000, action: put('stock', '9') },
        { at: 3500, action: (s) => ({ action: 'get', key: 'stock', consistency: 'serializable', node: leaderNow(s) ?? undefined }) },
      ],
      settle: 2000,
    },
  ],
  'smallest-two-failures': [
    {
      what: 'four voters and two crashes',
      steps: [
        { at: 2500, action: { action: 'addMember', node: 'n4' } },
        { at: 5000, action: crashFollower },
        { at: 5300, action: crashFollower },
        { at: 5600, action: put('k', 'v') },
      ],
      settle: 7000,
      lastOp: 'failed',
    },
    {
      what: 'seven voters and two crashes (it survives, but five is enough)',
      steps: [
        { at: 2500, action: { action: 'addMember', node: 'n4' } },
        { at: 4000, action: { action: 'addMember', node: 'n5' } },
        { at: 5500, action: { action: 'addMember', node: 'n6' } },
        { at: 7000, action: { action: 'addMember', node: 'n7' } },
        { at: 9000, action: crashFollower },
        { at: 9300, action: crashFollower },
        { at: 9600, action: put('k', 'v') },
      ],
      settle: 2000,
      lastOp: 'ok',
    },
  ],
  'four-nodes-two-failures': [
    { what: 'one crash only', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: put('k', 'v') }], settle: 7000, lastOp: 'ok' },
  ],
  'split-five-writes-continue': [
    {
      what: 'a 2 | 2 | 1 split',
      steps: [{ at: 3000, action: { action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4'], ['n5']] } }, { at: 3500, action: put('k', 'v') }],
      settle: 7000,
      lastOp: 'failed',
    },
  ],
  'split-five-writes-stop': [
    {
      what: 'a 3 | 2 split',
      steps: [
        { at: 3000, action: (s) => {
          const l = leaderNow(s)!;
          const o = s.nodes.map((n) => n.id).filter((n) => n !== l);
          return { action: 'partition', groups: [[l, o[0], o[1]], [o[2], o[3]]] };
        } },
        { at: 3500, action: put('k', 'v') },
      ],
      settle: 7000,
      lastOp: 'ok',
    },
  ],
  'grow-three-to-five': [
    {
      what: 'adding n4 and n5 directly as voters',
      steps: [{ at: 2500, action: { action: 'addMember', node: 'n4' } }, { at: 4000, action: { action: 'addMember', node: 'n5' } }],
      settle: 3000,
    },
    {
      what: 'adding learners without promoting them',
      steps: [
        { at: 2500, action: { action: 'addMember', node: 'n4', learner: true } },
        { at: 4000, action: { action: 'addMember', node: 'n5', learner: true } },
      ],
      settle: 3000,
    },
  ],
  'transfer-leadership': [{ what: 'crashing the leader', steps: [{ at: 3000, action: { action: 'crash', node: 'leader' } }], settle: 8000 }],
  'checkquorum-step-down': [
    { what: 'isolating a follower', steps: [{ at: 3000, action: isolateFollower }], settle: 5000 },
    {
      what: 'isolating the leader with CheckQuorum off',
      steps: [
        { at: 2500, action: { action: 'setFeatures', checkQuorum: false } },
        { at: 3000, action: (s) => ({ action: 'partition', groups: [[leaderNow(s)!], s.nodes.map((n) => n.id).filter((n) => n !== leaderNow(s))] }) },
      ],
      settle: 5000,
    },
    { what: 'crashing the leader', steps: [{ at: 3000, action: { action: 'crash', node: 'leader' } }], settle: 5000 },
  ],
};

describe.each(EXERCISE_IDS.map((id) => [id]))('exercise %s', (id) => {
  it('is solved by its solution, run through the engine', () => {
    const sim = start(id);
    expect(EXERCISES[id].check(inputFrom(sim))).toBe(false);
    runSolution(sim, EXERCISES[id]);
    expect(EXERCISES[id].check(inputFrom(sim))).toBe(true);
  });

  it('is not solved by doing nothing', () => {
    const sim = start(id);
    sim.advanceTo(15000);
    expect(EXERCISES[id].check(inputFrom(sim))).toBe(false);
  });

  it.each(WRONG[id].map((w) => [w.what, w]))('is not solved by a wrong attempt: %s', (_what, w) => {
    const sim = attempt(id, w.steps, w.settle);
    if (w.lastOp) {
      // The attempt did what it meant to (so it fails the check for the right reason).
      const last = sim.ops().at(-1);
      expect(last && (last.status === 'ok' ? 'ok' : last.status === 'pending' ? 'pending' : 'failed')).toBe(w.lastOp);
    }
    expect(EXERCISES[id].check(inputFrom(sim))).toBe(false);
  });
});

describe('membership refusals', () => {
  it('a refused addMember does not count as a voter (smallest-two-failures)', () => {
    // With one of three nodes down, etcd refuses to add a voter (strict reconfig check): the cluster stays at 3.
    const sim = start('smallest-two-failures');
    runSteps(
      sim,
      [
        { at: 2500, action: crashFollower },
        { at: 3000, action: { action: 'addMember', node: 'n4' } },
        { at: 3000, action: { action: 'addMember', node: 'n5' } },
      ],
      3000,
    );
    const s = inputFrom(sim);
    expect(s.trace.filter((l) => l.type === 'reject')).toHaveLength(2);
    expect(votersAt(s, s.now)).toEqual(['n1', 'n2', 'n3']);
    expect(s.quorum.voters).toHaveLength(3);
  });
});

describe('solutions do not depend on a lucky seed (the widget lets the learner change it)', () => {
  it.each(EXERCISE_IDS.map((id) => [id]))('%s: the solution passes with seeds 1 to 5', (id) => {
    const sc = EXERCISES[id].scenario;
    if (typeof sc === 'string') throw new Error('inline scenarios only');
    const failing: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const sim = new Simulation(fillScenario({ ...sc, seed }));
      runSolution(sim, EXERCISES[id]);
      if (!EXERCISES[id].check(inputFrom(sim))) failing.push(seed);
    }
    expect(failing).toEqual([]);
  });
});
