// Issue 20, item 2: every exercise lists its expected mistakes, and each one is recognised when a learner makes
// it. Each mistake is run through the real engine, as the solutions are, and must give its own message (in
// French and English), with the check still false. Item 3: dead ends are flagged, with the way out.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/raft/index';
import { EXERCISES, EXERCISE_IDS, TEXTS, inputFrom, type CheckInput, type ExerciseId, type SolutionStep } from '../../../src/exercises/index';
import { followersNow, leaderNow } from '../../../src/exercises/catalog';
import { fillScenario, runSteps } from '../../../src/exercises/run';
import { deadEndOf, diagnose, mistakeOf } from '../../../src/exercises/coach';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';

function attempt(id: ExerciseId, steps: SolutionStep[], settle: number): Simulation {
  const sc = EXERCISES[id].scenario;
  if (typeof sc === 'string') throw new Error('inline scenarios only');
  const sim = new Simulation(fillScenario(sc));
  runSteps(sim, steps, settle);
  return sim;
}

type Step = SolutionStep['action'];
const crashFollower: Step = (s) => ({ action: 'crash', node: followersNow(s)[0] ?? 'follower' });
const crashLeader: Step = { action: 'crash', node: 'leader' };
const put = (key: string, value: string): Step => (s) => ({ action: 'put', key, value, node: leaderNow(s) ?? undefined });
const putTo = (key: string, value: string, pick: (s: CheckInput) => string | undefined): Step => (s) => ({ action: 'put', key, value, node: pick(s) });
const downNode = (s: CheckInput) => s.nodes.find((n) => !n.up)?.id;
const isolateFollower: Step = (s) => {
  const f = followersNow(s)[0];
  return { action: 'partition', groups: [[f], s.nodes.map((n) => n.id).filter((n) => n !== f)] };
};
const isolateLeader: Step = (s) => {
  const l = leaderNow(s)!;
  return { action: 'partition', groups: [[l], s.nodes.map((n) => n.id).filter((n) => n !== l)] };
};
const isolatedNode = (s: CheckInput) => {
  let groups: string[][] | undefined;
  for (const l of s.trace) if (l.type === 'partition') groups = l.groups;
  else if (l.type === 'heal') groups = undefined;
  return groups?.find((g) => g.length === 1)?.[0];
};
const getOn = (key: string, consistency: 'linearizable' | 'serializable', pick: (s: CheckInput) => string | undefined): Step => (s) => ({
  action: 'get', key, consistency, node: pick(s),
});
const setPreVote = (on: boolean): Step => ({ action: 'setFeatures', preVote: on });
const heal: Step = { action: 'heal' };

interface Attempt {
  mistake: string;
  steps: SolutionStep[];
  settle: number;
}

/** One attempt per expected mistake (every mistake an exercise lists is provoked here at least once). */
const MISTAKES: Record<ExerciseId, Attempt[]> = {
  'ha-one-crash': [
    { mistake: 'all-up', steps: [{ at: 3000, action: put('k', 'v') }], settle: 2000 },
    { mistake: 'no-majority', steps: [{ at: 3000, action: crashFollower }, { at: 3200, action: crashFollower }, { at: 3500, action: put('k', 'v') }], settle: 6000 },
    { mistake: 'down-node', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: putTo('k', 'v', downNode) }], settle: 1000 },
  ],
  'lose-quorum': [
    { mistake: 'still-majority', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: put('k', 'v') }], settle: 2000 },
    { mistake: 'down-node', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: putTo('k', 'v', downNode) }], settle: 1000 },
  ],
  'provoke-election': [
    { mistake: 'follower', steps: [{ at: 3000, action: crashFollower }], settle: 8000 },
    { mistake: 'follower', steps: [{ at: 3000, action: isolateFollower }], settle: 8000 },
  ],
  'follower-catch-up': [
    {
      mistake: 'nothing-missed',
      steps: [
        { at: 3000, action: put('x', '1') },
        { at: 3500, action: crashFollower },
        { at: 4500, action: (s) => ({ action: 'restart', node: downNode(s) ?? 'n1' }) },
      ],
      settle: 3000,
    },
    { mistake: 'down-node', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: putTo('x', '1', downNode) }], settle: 1000 },
  ],
  'prevote-off-disruption': [
    { mistake: 'prevote-on', steps: [{ at: 3000, action: isolateFollower }, { at: 9000, action: heal }], settle: 4000 },
    {
      mistake: 'leader-isolated',
      steps: [{ at: 2500, action: setPreVote(false) }, { at: 3000, action: (s) => {
        const l = leaderNow(s)!;
        return { action: 'partition', groups: [[l], s.nodes.map((n) => n.id).filter((n) => n !== l)] };
      } }],
      settle: 3000,
    },
    { mistake: 'too-short', steps: [{ at: 2500, action: setPreVote(false) }, { at: 3000, action: isolateFollower }, { at: 3300, action: heal }], settle: 4000 },
    {
      mistake: 'too-short-prevote',
      steps: [
        ...EXERCISES['prevote-off-disruption'].solution.slice(0, 4),
        { at: 15000, action: isolateFollower },
        { at: 15500, action: heal },
      ],
      settle: 1000,
    },
  ],
  'restore-quorum': [
    { mistake: 'serializable', steps: [{ at: 6000, action: getOn('commande', 'serializable', (s) => s.nodes.find((n) => n.up)?.id) }], settle: 1000 },
    { mistake: 'too-early', steps: [{ at: 6000, action: getOn('commande', 'linearizable', (s) => s.nodes.find((n) => n.up)?.id) }], settle: 7000 },
    {
      mistake: 'overwritten',
      steps: [
        { at: 6000, action: (s) => ({ action: 'restart', node: downNode(s) ?? 'n1' }) },
        { at: 9000, action: put('commande', '43') },
      ],
      settle: 2000,
    },
    { mistake: 'down-node', steps: [{ at: 6000, action: getOn('commande', 'linearizable', downNode) }], settle: 1000 },
  ],
  'stale-serializable-read': [
    {
      mistake: 'not-stale',
      steps: [
        { at: 2500, action: put('stock', '10') },
        { at: 3000, action: isolateFollower },
        { at: 3500, action: getOn('stock', 'serializable', isolatedNode) },
      ],
      settle: 1000,
    },
    {
      mistake: 'majority-side',
      steps: [{ at: 3000, action: put('stock', '9') }, { at: 3500, action: getOn('stock', 'serializable', (s) => leaderNow(s) ?? undefined) }],
      settle: 1000,
    },
    {
      mistake: 'linearizable-elsewhere',
      steps: [
        ...EXERCISES['stale-serializable-read'].solution.slice(0, 4),
        { at: 4500, action: getOn('stock', 'linearizable', (s) => leaderNow(s) ?? undefined) },
      ],
      settle: 1000,
    },
    {
      mistake: 'write-isolated',
      steps: [{ at: 3000, action: isolateFollower }, { at: 3500, action: putTo('stock', '9', isolatedNode) }],
      settle: 7000,
    },
  ],
  'smallest-two-failures': [
    { mistake: 'add-refused', steps: [{ at: 2500, action: crashFollower }, { at: 3000, action: { action: 'addMember', node: 'n4' } }], settle: 500 },
    {
      mistake: 'too-few',
      steps: [
        { at: 2500, action: { action: 'addMember', node: 'n4' } },
        { at: 5000, action: crashFollower },
        { at: 5300, action: crashFollower },
        { at: 5600, action: put('k', 'v') },
      ],
      settle: 7000,
    },
    {
      mistake: 'learner-no-vote',
      steps: [
        { at: 2500, action: { action: 'addMember', node: 'n4', learner: true } },
        { at: 4000, action: { action: 'addMember', node: 'n5', learner: true } },
        { at: 6000, action: crashFollower },
        { at: 6300, action: crashFollower },
        { at: 6600, action: put('k', 'v') },
      ],
      settle: 7000,
    },
    {
      mistake: 'add-busy',
      steps: [{ at: 2500, action: { action: 'addMember', node: 'n4' } }, { at: 2505, action: { action: 'addMember', node: 'n5' } }],
      settle: 500,
    },
  ],
  'four-nodes-two-failures': [
    { mistake: 'one-failure', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: put('k', 'v') }], settle: 2000 },
    {
      mistake: 'three-failures',
      steps: [{ at: 3000, action: crashFollower }, { at: 3200, action: crashFollower }, { at: 3400, action: crashFollower }, { at: 3600, action: put('k', 'v') }],
      settle: 7000,
    },
    { mistake: 'down-node', steps: [{ at: 3000, action: crashFollower }, { at: 3500, action: putTo('k', 'v', downNode) }], settle: 1000 },
  ],
  'split-five-writes-continue': [
    {
      mistake: 'no-majority',
      steps: [{ at: 3000, action: { action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4'], ['n5']] } }, { at: 3500, action: put('k', 'v') }],
      settle: 7000,
    },
    {
      mistake: 'minority-side',
      steps: [
        { at: 3000, action: (s) => {
          const l = leaderNow(s)!;
          const o = s.nodes.map((n) => n.id).filter((n) => n !== l);
          return { action: 'partition', groups: [[l, o[0], o[1]], [o[2], o[3]]] };
        } },
        { at: 3500, action: putTo('k', 'v', isolatedMinority) },
      ],
      settle: 7000,
    },
    { mistake: 'no-split', steps: [{ at: 3000, action: put('k', 'v') }], settle: 1000 },
  ],
  'split-five-writes-stop': [
    {
      mistake: 'majority-side',
      steps: [
        { at: 3000, action: (s) => {
          const l = leaderNow(s)!;
          const o = s.nodes.map((n) => n.id).filter((n) => n !== l);
          return { action: 'partition', groups: [[l, o[0], o[1]], [o[2], o[3]]] };
        } },
        { at: 3500, action: put('k', 'v') },
      ],
      settle: 2000,
    },
    { mistake: 'no-split', steps: [{ at: 3000, action: put('k', 'v') }], settle: 1000 },
  ],
  'grow-three-to-five': [
    { mistake: 'voter-directly', steps: [{ at: 2500, action: { action: 'addMember', node: 'n4' } }], settle: 2000 },
    {
      // Promoting at the very instant the learner is added: its addition is not committed yet.
      mistake: 'promote-busy',
      steps: [{ at: 2500, action: { action: 'addMember', node: 'n4', learner: true } }, { at: 2500, action: { action: 'promote', node: 'n4' } }],
      settle: 500,
    },
    {
      // A few ms later the addition is committed, but the learner has not caught up yet.
      mistake: 'promote-refused',
      steps: [{ at: 2500, action: { action: 'addMember', node: 'n4', learner: true } }, { at: 2510, action: { action: 'promote', node: 'n4' } }],
      settle: 500,
    },
  ],
  'transfer-leadership': [
    { mistake: 'crashed-leader', steps: [{ at: 3000, action: crashLeader }], settle: 8000 },
    { mistake: 'removed-leader', steps: [{ at: 3000, action: (s) => ({ action: 'removeMember', node: leaderNow(s)! }) }], settle: 3000 },
  ],
  'checkquorum-step-down': [
    { mistake: 'follower-isolated', steps: [{ at: 3000, action: isolateFollower }], settle: 4000 },
    {
      mistake: 'checkquorum-off',
      steps: [{ at: 2500, action: { action: 'setFeatures', checkQuorum: false } }, { at: 3000, action: isolateLeader }],
      settle: 4000,
    },
    { mistake: 'healed-too-soon', steps: [{ at: 3000, action: isolateLeader }, { at: 3300, action: heal }], settle: 2000 },
  ],
};

/** The node of the minority side of a 3 | 2 split. */
function isolatedMinority(s: CheckInput): string | undefined {
  let groups: string[][] | undefined;
  for (const l of s.trace) if (l.type === 'partition') groups = l.groups;
  return groups?.find((g) => g.length === 2)?.[0];
}

describe.each(EXERCISE_IDS.map((id) => [id]))('%s: expected mistakes', (id) => {
  it('lists at least one mistake, each explained in French and English, and each provoked below', () => {
    const listed = EXERCISES[id].mistakes.map((m) => m.id);
    expect(listed.length).toBeGreaterThan(0);
    for (const m of listed) {
      expect(TEXTS[id].mistakes[m]?.fr, `${id}/${m} fr`).toMatch(/\S/);
      expect(TEXTS[id].mistakes[m]?.en, `${id}/${m} en`).toMatch(/\S/);
    }
    expect(Object.keys(TEXTS[id].mistakes).sort()).toEqual([...listed].sort());
    expect(new Set(MISTAKES[id].map((a) => a.mistake))).toEqual(new Set(listed));
  });

  it.each(MISTAKES[id].map((a) => [a.mistake, a]))('recognises the mistake "%s" and says why', (mistake, a) => {
    const sim = attempt(id, a.steps, a.settle);
    const s = inputFrom(sim);
    expect(EXERCISES[id].check(s)).toBe(false);
    expect(mistakeOf(EXERCISES[id], s)).toBe(mistake);
    // The message the block shows, in both languages (French typography applied).
    expect(TEXTS[id].mistakes[mistake].fr).not.toMatch(/ [:;!?]/);
  });

  it('says nothing when the learner has done nothing, nor along the solution', () => {
    const logic = EXERCISES[id];
    const sc = logic.scenario;
    if (typeof sc === 'string') throw new Error('inline scenarios only');
    const sim = new Simulation(fillScenario(sc));
    sim.advanceTo(15000);
    expect(diagnose(logic, inputFrom(sim))).toMatchObject({ mistake: null, deadEnd: null });
    const sol = new Simulation(fillScenario(sc));
    for (const step of logic.solution) {
      runSteps(sol, [step], 0);
      expect(mistakeOf(logic, inputFrom(sol)), `after the step at ${step.at}`).toBeNull();
    }
  });
});

describe('a mistake message stays until the learner acts again', () => {
  it('ha-one-crash: a write with every node up, then a crash', () => {
    const logic = EXERCISES['ha-one-crash'];
    const sim = attempt('ha-one-crash', [{ at: 3000, action: put('k', 'v') }], 1000);
    expect(mistakeOf(logic, inputFrom(sim))).toBe('all-up');
    runSteps(sim, [{ at: sim.now + 100, action: crashFollower }], 500, 0);
    expect(mistakeOf(logic, inputFrom(sim))).toBeNull();
  });
});

describe('dead ends (item 3)', () => {
  it('provoke-election: crash a follower then the leader, and the block says no election can happen', () => {
    const logic = EXERCISES['provoke-election'];
    const sim = attempt('provoke-election', [{ at: 3000, action: crashFollower }, { at: 3500, action: crashLeader }], 10000);
    const s = inputFrom(sim);
    expect(logic.check(s)).toBe(false);
    expect(deadEndOf(logic, s)).toBe('no-majority-down');
    // The way out works: restart a node and the goal is reachable again.
    runSteps(sim, [{ at: sim.now + 100, action: (x) => ({ action: 'restart', node: downNode(x) ?? 'n1' }) }], 8000, 0);
    expect(deadEndOf(logic, inputFrom(sim))).toBeNull();
    expect(logic.check(inputFrom(sim))).toBe(true);
  });

  it('a split with no majority side is a dead end where a leader is needed, with its own way out', () => {
    const logic = EXERCISES['split-five-writes-continue'];
    const sim = attempt('split-five-writes-continue', [{ at: 3000, action: { action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4'], ['n5']] } }], 3000);
    expect(deadEndOf(logic, inputFrom(sim))).toBe('no-majority-split');
  });

  it('losing the quorum is no dead end where it is the goal (lose-quorum)', () => {
    const logic = EXERCISES['lose-quorum'];
    const sim = attempt('lose-quorum', [{ at: 3000, action: crashFollower }, { at: 3300, action: crashFollower }], 3000);
    expect(deadEndOf(logic, inputFrom(sim))).toBeNull();
  });

  it('a one-node-down cluster that still has a majority is no dead end', () => {
    const logic = EXERCISES['provoke-election'];
    const sim = attempt('provoke-election', [{ at: 3000, action: crashFollower }], 3000);
    expect(deadEndOf(logic, inputFrom(sim))).toBeNull();
  });

  it('every dead end has its message and way out in both languages', () => {
    for (const k of ['no-majority-down', 'no-majority-split']) {
      expect((fr as Record<string, string>)[`exercise.deadEnd.${k}`]).toMatch(/Recommencer/);
      expect((en as Record<string, string>)[`exercise.deadEnd.${k}`]).toMatch(/Start again/);
    }
  });
});
