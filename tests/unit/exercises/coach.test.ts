// Issue 20: parts of multi-part goals (item 6), one wording for waits (item 6), no hidden scripted events
// (item 5), catch-up state of added members (item 4), and the controller showing all that (items 2 and 3).
import { describe, expect, it } from 'vitest';
import { Simulation, Timeline, type Action } from '../../../src/raft/index';
import { EXERCISES, EXERCISE_IDS, TEXTS, inputFrom, type CheckInput, type ExerciseId } from '../../../src/exercises/index';
import { followersNow } from '../../../src/exercises/catalog';
import { catchUpOf, momentsOf, partsOf } from '../../../src/exercises/coach';
import { fillScenario, runSteps } from '../../../src/exercises/run';
import { ExerciseController, type WatchedCluster } from '../../../src/widgets/exercise/controller';

function sim(id: ExerciseId): Simulation {
  const sc = EXERCISES[id].scenario;
  if (typeof sc === 'string') throw new Error('inline scenarios only');
  return new Simulation(fillScenario(sc));
}

describe('multi-part goals show their parts (item 6)', () => {
  it('every exercise with parts has one text per part, in both languages', () => {
    for (const id of EXERCISE_IDS) {
      const n = EXERCISES[id].parts?.length ?? 0;
      expect(TEXTS[id].parts?.length ?? 0, id).toBe(n);
    }
    expect(EXERCISES['prevote-off-disruption'].parts).toHaveLength(2);
  });

  it('prevote-off-disruption: 1 of 2 done after the first half, 2 of 2 at the end', () => {
    const logic = EXERCISES['prevote-off-disruption'];
    const s = sim('prevote-off-disruption');
    expect(partsOf(logic, inputFrom(s))).toEqual([false, false]);
    runSteps(s, logic.solution.slice(0, 3), 4000);
    expect(partsOf(logic, inputFrom(s))).toEqual([true, false]);
    expect(logic.check(inputFrom(s))).toBe(false);
    runSteps(s, logic.solution.slice(3), logic.settle);
    expect(partsOf(logic, inputFrom(s))).toEqual([true, true]);
  });

  it('the last part of every multi-part exercise is its goal, reached by its solution', () => {
    for (const id of EXERCISE_IDS) {
      const logic = EXERCISES[id];
      if (!logic.parts) continue;
      const s = sim(id);
      runSteps(s, logic.solution, logic.settle);
      expect(partsOf(logic, inputFrom(s)), id).toEqual(logic.parts.map(() => true));
    }
  });

  it('prevote-off-disruption gives its wait one way: at least 3 s of isolation, then 3 s after the heal', () => {
    const t = TEXTS['prevote-off-disruption'];
    const fr = [t.goal, ...t.hints, ...t.steps, ...Object.values(t.mistakes)].map((b) => b.fr).join('\n');
    const en = [t.goal, ...t.hints, ...t.steps, ...Object.values(t.mistakes)].map((b) => b.en).join('\n');
    expect(fr).not.toMatch(/un moment|plusieurs secondes|2\s?s\b/);
    expect(en).not.toMatch(/for a while|several seconds|2\s?s\b/);
    expect(t.goal.fr).toContain('au moins 3\u00a0s');
    expect(t.goal.en).toContain('at least 3 s');
    // And 3 s of isolation is enough, with PreVote off and on (the learner acting on that wording).
    const logic = EXERCISES['prevote-off-disruption'];
    const s = sim('prevote-off-disruption');
    const isolate = (x: CheckInput): Action => {
      const f = followersNow(x)[0];
      return { action: 'partition', groups: [[f], x.nodes.map((n) => n.id).filter((n) => n !== f)] };
    };
    runSteps(
      s,
      [
        { at: 2500, action: { action: 'setFeatures', preVote: false } },
        { at: 3000, action: isolate },
        { at: 6000, action: { action: 'heal' } },
        { at: 10000, action: { action: 'setFeatures', preVote: true } },
        { at: 10500, action: isolate },
        { at: 13500, action: { action: 'heal' } },
      ],
      3500,
    );
    expect(logic.check(inputFrom(s))).toBe(true);
  });
});

describe('no hidden scripted events (item 5)', () => {
  it('stale-serializable-read writes nothing by itself: the learner writes stock = 10', () => {
    const sc = EXERCISES['stale-serializable-read'].scenario;
    expect(typeof sc !== 'string' && (sc.events ?? []).length).toBe(0);
    expect(TEXTS['stale-serializable-read'].goal.fr).toContain('stock = 10');
  });

  it('every scripted event of an exercise is stated in its goal, with its time', () => {
    for (const id of EXERCISE_IDS) {
      const sc = EXERCISES[id].scenario;
      if (typeof sc === 'string') continue;
      for (const e of sc.events ?? []) {
        const secs = e.at / 1000;
        expect(TEXTS[id].goal.fr, `${id} fr, event at ${e.at}`).toContain(`${secs.toLocaleString('fr-FR')}\u00a0s`);
        expect(TEXTS[id].goal.en, `${id} en, event at ${e.at}`).toContain(`${secs.toLocaleString('en-GB')} s`);
        if (e.action === 'put') {
          expect(TEXTS[id].goal.fr).toContain(`${e.key} = ${e.value}`);
          expect(TEXTS[id].goal.en).toContain(`${e.key} = ${e.value}`);
        }
      }
    }
  });
});

describe('catch-up of added members (item 4)', () => {
  it.each([['smallest-two-failures', false], ['grow-three-to-five', true]] as const)('%s: a new member is shown behind, then up to date', (id, learner) => {
    const logic = EXERCISES[id];
    const s = sim(id);
    s.advanceTo(2500);
    expect(catchUpOf(logic, inputFrom(s))).toEqual([]);
    s.apply({ action: 'addMember', node: 'n4', learner });
    const now = catchUpOf(logic, inputFrom(s));
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ node: 'n4', role: learner ? 'learner' : 'follower', up: true });
    expect(now[0].behind).toBeGreaterThan(0);
    s.advanceTo(4000);
    expect(catchUpOf(logic, inputFrom(s))[0]).toMatchObject({ node: 'n4', behind: 0 });
  });

  it('is shown only where the exercise depends on it', () => {
    expect(EXERCISE_IDS.filter((id) => EXERCISES[id].showCatchUp)).toEqual(['smallest-two-failures', 'grow-three-to-five']);
  });
});

function handle(id: ExerciseId) {
  const sc = EXERCISES[id].scenario;
  if (typeof sc === 'string') throw new Error('inline scenarios only');
  let tl = new Timeline(fillScenario(sc));
  const fns = new Set<() => void>();
  const notify = () => fns.forEach((f) => f());
  const h: WatchedCluster & { run(t: number): void } = {
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
    reset() {
      tl = new Timeline(fillScenario(sc));
      notify();
    },
    run(t: number) {
      tl.advanceTo(t);
      notify();
    },
  };
  return h;
}

describe('the exercise block says what went wrong (controller)', () => {
  const opts = { throttleMs: 0, setTimer: () => 0, clearTimer: () => {} };

  it('grow-three-to-five: adding a voter directly is named, and « Recommencer » clears it', () => {
    const h = handle('grow-three-to-five');
    const c = new ExerciseController(EXERCISES['grow-three-to-five'], opts);
    c.attach(h);
    h.run(2500);
    h.apply({ action: 'addMember', node: 'n4' });
    h.run(3000);
    c.evaluate();
    expect(c.state).toMatchObject({ phase: 'todo', mistake: 'voter-directly', deadEnd: null });
    c.restart();
    expect(c.state).toMatchObject({ phase: 'todo', mistake: null, deadEnd: null });
  });

  it('provoke-election: a follower then the leader crashed is a dead end, cleared by restarting a node', () => {
    const h = handle('provoke-election');
    const c = new ExerciseController(EXERCISES['provoke-election'], opts);
    c.attach(h);
    h.run(3000);
    h.apply({ action: 'crash', node: followersNow(inputFrom(h.sim))[0] });
    h.run(3500);
    h.apply({ action: 'crash', node: 'leader' });
    h.run(12000);
    c.evaluate();
    expect(c.state.deadEnd).toBe('no-majority-down');
    const down = h.sim.nodes().find((n) => !n.up)!.id;
    h.apply({ action: 'restart', node: down });
    h.run(20000);
    c.evaluate();
    expect(c.state).toMatchObject({ phase: 'solved', deadEnd: null, mistake: null });
  });

  it('the solution replay shows its parts but no mistake', () => {
    const h = handle('stale-serializable-read');
    const c = new ExerciseController(EXERCISES['stale-serializable-read'], opts);
    c.attach(h);
    c.startSolution();
    while (c.state.step < c.state.total) c.nextStep();
    h.run(h.sim.now + EXERCISES['stale-serializable-read'].settle);
    c.evaluate();
    expect(c.state).toMatchObject({ phase: 'solution-solved', parts: [true, true], mistake: null, deadEnd: null });
  });
});

describe('each exercise shows the controls it needs (item 7)', () => {
  it('no leadership transfer where it only distracts; kept where it is the point', () => {
    for (const id of ['grow-three-to-five', 'smallest-two-failures'] as const) {
      expect(EXERCISES[id].controls).toContain('members');
      expect(EXERCISES[id].controls).not.toContain('membership');
    }
    expect(EXERCISES['transfer-leadership'].controls).toContain('membership');
  });

  it('grow-three-to-five: promoting a learner that the block shows behind is refused, as etcd does', () => {
    const logic = EXERCISES['grow-three-to-five'];
    const s = sim('grow-three-to-five');
    s.advanceTo(2500);
    s.apply({ action: 'addMember', node: 'n4', learner: true });
    s.advanceTo(2510);
    expect(catchUpOf(logic, inputFrom(s))[0].behind).toBeGreaterThan(0);
    s.apply({ action: 'promote', node: 'n4' });
    const reject = s.trace().at(-1);
    expect(reject).toMatchObject({ type: 'reject', reason: 'etcdserver: can only promote a learner member which is in sync with leader' });
    expect(TEXTS['grow-three-to-five'].success.en).toContain('can only promote a learner member which is in sync with leader');
    // Once caught up, the same promotion goes through.
    s.advanceTo(4000);
    expect(catchUpOf(logic, inputFrom(s))[0].behind).toBe(0);
    s.apply({ action: 'promote', node: 'n4' });
    expect(s.trace().at(-1)?.type).not.toBe('reject');
  });
});

describe('after success, the learner sees their own run with the moments that mattered (Beyond)', () => {
  it('ha-one-crash: the crash and the committed write, in order, between the first leader and the success', () => {
    const h = handle('ha-one-crash');
    const c = new ExerciseController(EXERCISES['ha-one-crash'], { throttleMs: 0, setTimer: () => 0, clearTimer: () => {} });
    c.attach(h);
    h.run(3000);
    const f = followersNow(inputFrom(h.sim))[0];
    h.apply({ action: 'crash', node: f });
    h.run(3500);
    h.apply({ action: 'put', key: 'panier', value: '3 articles' });
    h.run(5000);
    c.evaluate();
    expect(c.state.phase).toBe('solved');
    const run = c.state.run!;
    expect(run.moments.map((m) => m.kind)).toEqual(['crash', 'write']);
    expect(run.moments[0]).toMatchObject({ node: f, t: 3000 });
    expect(run.moments[1]).toMatchObject({ key: 'panier', value: '3 articles' });
    expect(run.from).toBeGreaterThan(0);
    expect(run.from).toBeLessThan(3000);
    expect(run.to).toBeGreaterThan(run.moments[1].t - 1);
    c.restart();
    expect(c.state.run).toBeNull();
  });

  it('provoke-election: the election after the crash is marked, with its term', () => {
    const s = sim('provoke-election');
    runSteps(s, EXERCISES['provoke-election'].solution, EXERCISES['provoke-election'].settle);
    const kinds = momentsOf(inputFrom(s)).map((m) => m.kind);
    expect(kinds[0]).toBe('crash');
    expect(kinds).toContain('election');
    expect(momentsOf(inputFrom(s)).find((m) => m.kind === 'election')!.term).toBeGreaterThan(1);
  });

  it('every moment kind has its words in both languages', async () => {
    const fr = (await import('../../../src/i18n/fr.json')).default as Record<string, string>;
    const en = (await import('../../../src/i18n/en.json')).default as Record<string, string>;
    for (const k of ['crash', 'restart', 'partition', 'heal', 'election', 'write', 'write-failed', 'read', 'read-failed', 'refused', 'member', 'features']) {
      expect(fr[`exercise.moment.${k}`], k).toBeTruthy();
      expect(en[`exercise.moment.${k}`], k).toBeTruthy();
    }
  });
});
