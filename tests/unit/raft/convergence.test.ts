// After random faults (crashes, partitions, loss, duplication, membership changes) stop and everything is
// restarted and healed, every member converges to the leader's commit index and state: nothing is left
// behind for ever (a follower whose lost appends were skipped, a learner never configured...).
import { describe, expect, it } from 'vitest';
import { Simulation, type Scenario, type ScenarioEvent } from '../../../src/raft/index';
import { safetyViolations } from './helpers';

function randomRun(seed: number): Simulation {
  let x = seed * 7919;
  const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 1 + Math.floor(r() * 7);
  const members = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const events: ScenarioEvent[] = [];
  for (let t = 500; t < 8000; t += Math.floor(50 + r() * 400)) {
    const k = r();
    const node = members[Math.floor(r() * n)];
    if (k < 0.5) events.push({ at: t, action: 'put', key: `k${Math.floor(r() * 3)}`, value: `v${t}` });
    else if (k < 0.6) events.push({ at: t, action: 'crash', node });
    else if (k < 0.75) events.push({ at: t, action: 'restart', node });
    else if (k < 0.8) events.push({ at: t, action: 'partition', groups: [members.filter(() => r() < 0.5)] });
    else if (k < 0.85) events.push({ at: t, action: 'heal' });
    else if (k < 0.88) events.push({ at: t, action: 'addMember', node: r() < 0.5 ? 'n8' : 'n9', learner: r() < 0.6 });
    else if (k < 0.91) events.push({ at: t, action: 'promote', node: r() < 0.5 ? 'n8' : 'n9' });
    else if (k < 0.94) events.push({ at: t, action: 'removeMember', node });
    else events.push({ at: t, action: 'get', key: 'k1', consistency: r() < 0.5 ? 'serializable' : 'linearizable' });
  }
  events.push({ at: 8000, action: 'heal' }, { at: 8000, action: 'network', dropRate: 0, duplicateRate: 0 });
  for (const m of [...members, 'n8', 'n9']) events.push({ at: 8000, action: 'restart', node: m });
  events.push({ at: 12000, action: 'put', key: 'final', value: 'x' });
  const s: Scenario = {
    seed,
    members,
    learners: [],
    timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
    features: { preVote: r() < 0.5, checkQuorum: r() < 0.7 },
    network: { dropRate: r() * 0.2, duplicateRate: r() * 0.2 },
    until: 16000,
    events,
    snapshotEntries: 2 + Math.floor(r() * 20),
  };
  const sim = new Simulation(s);
  sim.run();
  return sim;
}

describe('convergence after faults', () => {
  it('every member ends with the leader\'s commit index and state, in 150 random runs', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const sim = randomRun(seed);
      expect(safetyViolations(sim.trace())).toEqual([]);
      const q = sim.quorum();
      const l = sim.nodes().find((v) => v.id === q.leader)!;
      expect(l, `seed ${seed}: a leader`).toBeDefined();
      for (const v of sim.nodes()) {
        if (v.removed) continue;
        expect([...q.voters, ...l.config.learners], `seed ${seed}: ${v.id} is a member`).toContain(v.id);
        expect([v.id, v.commitIndex, v.kv], `seed ${seed}`).toEqual([v.id, l.commitIndex, l.kv]);
      }
    }
  });
});
