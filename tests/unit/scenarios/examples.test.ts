import { describe, expect, it } from 'vitest';
import { exampleNames, getExample } from '../../../src/scenarios/index';
import { Simulation } from '../../../src/raft/index';

describe('example scenarios', () => {
  it.each(exampleNames)('%s is a valid scenario', (name) => {
    const s = getExample(name);
    expect(s).toBeDefined();
    expect(s!.members.length).toBeGreaterThan(0);
  });

  it('has the examples widgets load by name', () => {
    for (const n of ['three-nodes', 'worked-example-3', 'lose-quorum', 'four-nodes-split', 'five-nodes-split', 'five-nodes', 'four-nodes', 'seven-nodes', 'prevote-off-heal'])
      expect(exampleNames).toContain(n);
    expect(getExample('nope')).toBeUndefined();
  });

  it('worked-example-3: put ok, leader crash, new leader, put ok', () => {
    const sim = new Simulation(getExample('worked-example-3')!);
    sim.run();
    const ops = sim.ops();
    expect(ops.map((o) => o.status)).toEqual(['ok', 'ok', 'ok']);
    expect(ops[2].result).toBe('v2');
    const crash = sim.trace().find((l) => l.type === 'crash')!;
    const leaders = sim.trace().filter((l) => l.type === 'role' && l.role === 'leader');
    expect(leaders.length).toBe(2);
    expect(leaders[1].t).toBeGreaterThan(crash.t);
  });
});
