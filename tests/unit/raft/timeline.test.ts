// Time travel: checkpoints + deterministic replay (seek), forks, and share-link scenarios.
import { describe, expect, it } from 'vitest';
import { Simulation, Timeline } from '../../../src/raft/index';
import { getExample } from '../../../src/scenarios/index';
import { scenario } from './helpers';

const snapshotOf = (sim: Simulation) => JSON.stringify({ nodes: sim.nodes(), ops: sim.ops(), trace: sim.trace(), inFlight: sim.inFlight(), now: sim.now });

describe('Timeline', () => {
  it('seek(t) backwards lands on exactly the state the run had at t, user actions included', () => {
    const tl = new Timeline(scenario({ network: { dropRate: 0.05, duplicateRate: 0.05 } }), { checkpointEveryMs: 1000 });
    const at: Record<number, string> = {};
    for (let t = 500; t <= 12000; t += 500) {
      tl.advanceTo(t);
      if (t === 3000) tl.apply({ action: 'put', key: 'k', value: 'a' });
      if (t === 4500) tl.apply({ action: 'crash', node: 'leader' });
      if (t === 7000) tl.apply({ action: 'put', key: 'k', value: 'b' });
      if (t === 9000) tl.apply({ action: 'restart', node: 'n1' });
      at[t] = snapshotOf(tl.sim);
    }
    for (const t of [11500, 4500, 500, 7000, 3000, 9500, 12000, 1000, 6500]) {
      tl.seek(t);
      expect(tl.now).toBe(t);
      expect(snapshotOf(tl.sim)).toBe(at[t]);
    }
  });

  it('a seek reuses the recorded trace without copying it, and the trace stays right wherever the run goes next', () => {
    const tl = new Timeline(scenario({ network: { dropRate: 0.05, duplicateRate: 0 } }), { checkpointEveryMs: 1000 });
    const straight = new Simulation(scenario({ network: { dropRate: 0.05, duplicateRate: 0 } }));
    tl.advanceTo(8000);
    const recorded = tl.sim.trace();
    // Back, then forward past the end of the recording: the same lines as one straight run.
    tl.seek(2500);
    tl.seek(5200);
    tl.advanceTo(11000);
    straight.advanceTo(11000);
    expect(JSON.stringify(tl.sim.trace())).toBe(JSON.stringify(straight.trace()));
    expect(recorded.length).toBeGreaterThan(0);
    // Back again and act (a fork): the trace is the past plus the new branch, as a share link replays it.
    tl.seek(4000);
    tl.apply({ action: 'put', key: 'k', value: 'branch' });
    tl.advanceTo(9000);
    const replay = new Simulation({ ...tl.toScenario(), until: 9000 });
    replay.advanceTo(9000);
    expect(JSON.stringify(tl.sim.trace())).toBe(JSON.stringify(replay.trace()));
    // Seeking inside the branch's recording still lands on its lines.
    const branch = tl.sim.trace().slice();
    tl.seek(6000);
    tl.seek(9000);
    expect(JSON.stringify(tl.sim.trace())).toBe(JSON.stringify(branch));
  });

  it('acting in the past forks: the recorded future is dropped', () => {
    const tl = new Timeline(scenario(), { checkpointEveryMs: 1000 });
    tl.advanceTo(3000);
    tl.apply({ action: 'put', key: 'k', value: 'first-future' });
    tl.advanceTo(6000);
    tl.seek(2500);
    tl.apply({ action: 'put', key: 'k', value: 'other-future' });
    tl.advanceTo(6000);
    expect(tl.injected.map((e) => [e.at, e.action === 'put' ? e.value : ''])).toEqual([[2500, 'other-future']]);
    expect(tl.sim.ops().map((o) => o.value)).toEqual(['other-future']);
    expect(tl.sim.nodes().every((n) => n.kv.k?.value === 'other-future')).toBe(true);
  });

  it('toScenario() replays to the same trace (what a share link encodes)', () => {
    const tl = new Timeline(getExample('three-nodes')!);
    tl.advanceTo(2500);
    tl.apply({ action: 'put', key: 'x', value: '1' });
    tl.advanceTo(4000);
    tl.apply({ action: 'crash', node: 'leader' });
    tl.advanceTo(9000);
    tl.apply({ action: 'get', key: 'x' });
    tl.advanceTo(12000);
    const s = tl.toScenario();
    expect(s.events.map((e) => e.action)).toEqual(['put', 'crash', 'get']);
    const replay = new Simulation({ ...s, until: 12000 });
    replay.advanceTo(12000);
    expect(JSON.stringify(replay.trace())).toBe(JSON.stringify(tl.sim.trace()));
  });

  it('an action at the very start, before the first advance, comes after the scenario\'s own actions at 0, as its share link replays it', () => {
    // A learner who resets the lab (back to 0, paused) and acts at once.
    const sc = scenario({ events: [{ at: 0, action: 'put', key: 'a', value: 'scenario' }] });
    const tl = new Timeline(sc);
    tl.apply({ action: 'put', key: 'a', value: 'learner' });
    tl.advanceTo(5000);
    const invokes = tl.sim.trace().filter((l) => l.type === 'invoke').map((l) => (l as { value?: string }).value);
    expect(invokes.slice(0, 2)).toEqual(['scenario', 'learner']);
    const replay = new Simulation({ ...tl.toScenario(), until: 5000 });
    replay.advanceTo(5000);
    expect(JSON.stringify(replay.trace())).toBe(JSON.stringify(tl.sim.trace()));
  });

  it('subscribers get one seek event instead of the replayed past', () => {
    const tl = new Timeline(scenario(), { checkpointEveryMs: 1000 });
    tl.advanceTo(5000);
    const got: string[] = [];
    tl.sim.subscribe((e) => got.push(e.type));
    tl.seek(2200);
    expect(got).toEqual(['seek']);
    got.length = 0;
    tl.advanceTo(2300);
    expect(got.length).toBeGreaterThan(0);
    expect(got).not.toContain('seek');
  });
});

describe('version(): what changed, for the widget', () => {
  it('stays put while nothing happens and moves with every event, action, time step and seek', () => {
    const tl = new Timeline(scenario({ until: 5000 }));
    const sim = tl.sim;
    const v0 = sim.version();
    expect(sim.version()).toBe(v0);
    sim.nodes();
    sim.quorum();
    expect(sim.version()).toBe(v0); // reading changes nothing
    tl.advanceTo(3000);
    const v1 = sim.version();
    expect(v1).toBeGreaterThan(v0);
    tl.apply({ action: 'crash', node: 'n1' });
    const v2 = sim.version();
    expect(v2).toBeGreaterThan(v1);
    tl.seek(1000);
    expect(sim.version()).toBeGreaterThan(v2); // never goes back, even when time does
  });
});
