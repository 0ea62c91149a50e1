// Lesson 08's "what makes a healthy cluster stumble": no member fails, the network only slows down, and
// elections start anyway; once the network is fast again, writes succeed.
import { describe, expect, it } from 'vitest';
import { getExample } from '../../../src/scenarios/index';
import { Simulation } from '../../../src/raft/index';

describe('slow-network example', () => {
  const sc = getExample('slow-network')!;
  const sim = new Simulation(sc);
  sim.run();
  const trace = sim.trace();
  const slowFrom = sc.events.find((e) => e.action === 'network' && e.latencyMs && e.latencyMs[0] > 100)!.at;
  const slowTo = sc.events.filter((e) => e.action === 'network').at(-1)!.at;

  it('has no crash and no partition: every member stays healthy', () => {
    expect(trace.some((l) => l.type === 'crash' || l.type === 'partition')).toBe(false);
  });

  it('has no election before the network slows down, and needless ones while it is slow', () => {
    const candidates = trace.filter((l) => l.type === 'role' && l.role === 'candidate');
    const first = trace.find((l) => l.type === 'role' && l.role === 'leader')!;
    expect(candidates.filter((l) => l.t > first.t && l.t < slowFrom)).toHaveLength(0);
    expect(candidates.filter((l) => l.t >= slowFrom && l.t < slowTo).length).toBeGreaterThan(0);
  });

  it('loses the write sent while the network is slow to a timeout, and commits the one after', () => {
    const ops = sim.ops();
    expect(ops.map((o) => o.status)).toEqual(['ok', 'info', 'ok']);
  });
});
