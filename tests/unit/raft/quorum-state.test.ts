// Issue 13 item 1: the engine tells healthy, electing and lost apart, counts tolerated failures from the
// largest connected group of running voters (not from the leader's presence), ignores learners, and names a
// minority leader that still believes it leads.
import { describe, expect, it } from 'vitest';
import { Simulation, toleratedFailures } from '../../../src/raft/index';
import { T, electLeader, leader, run, scenario } from './helpers';

/** Run in small steps until `pred` holds (at most `limit` ms); returns the time it first held. */
function until(sim: Simulation, pred: () => boolean, limit = 6 * T): number {
  const end = sim.now + limit;
  while (sim.now < end) {
    if (pred()) return sim.now;
    sim.advanceTo(sim.now + 5);
  }
  throw new Error('condition not reached');
}

describe('quorum state: healthy / electing / lost', () => {
  it('at start, before the first election, a whole cluster is electing and tolerates one failure', () => {
    const sim = new Simulation(scenario());
    const q = sim.quorum();
    expect(q).toMatchObject({ state: 'electing', hasQuorum: false, leader: null, tolerated: toleratedFailures(3), staleLeaders: [] });
    expect(q.largestGroup).toEqual(['n1', 'n2', 'n3']);
    expect(q.electionWithinMs).toBeGreaterThan(0);
  });

  it('leader crash with 3 voters: electing at once (not lost), then healthy; tolerated 1 → 0 after the crash, lost only after a second', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    expect(sim.quorum()).toMatchObject({ state: 'healthy', hasQuorum: true, leader: l.id, tolerated: 1, electionWithinMs: null });
    sim.apply({ action: 'crash', node: l.id });
    const q = sim.quorum();
    expect(q).toMatchObject({ state: 'electing', hasQuorum: false, leader: null, tolerated: 0, staleLeaders: [] });
    expect(q.largestGroup).toHaveLength(2);
    expect(q.up).toHaveLength(2);
    // The estimate is about right: a leader is elected within it (plus a latency's slack), not long after.
    const estimate = q.electionWithinMs as number;
    expect(estimate).toBeGreaterThan(0);
    expect(estimate).toBeLessThanOrEqual(2 * T + 4 * 10 * 2);
    const start = sim.now;
    let sawLost = false;
    const elected = until(sim, () => {
      if (sim.quorum().state === 'lost') sawLost = true;
      return sim.quorum().state === 'healthy';
    });
    expect(sawLost).toBe(false);
    expect(elected - start).toBeLessThanOrEqual(estimate + 20);
    const nl = leader(sim)!;
    expect(sim.quorum()).toMatchObject({ state: 'healthy', leader: nl.id, tolerated: 0 });
    sim.apply({ action: 'crash', node: nl.id });
    expect(sim.quorum()).toMatchObject({ state: 'lost', hasQuorum: false, leader: null, tolerated: 0, electionWithinMs: null });
    run(sim, 5 * T);
    expect(sim.quorum().state).toBe('lost');
  });

  it('2/2 split of 4 voters: lost, and lost from both sides', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4'] }));
    electLeader(sim);
    sim.apply({ action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4']] });
    const q = sim.quorum();
    expect(q).toMatchObject({ state: 'lost', leader: null, tolerated: 0, quorum: 3 });
    expect(q.largestGroup).toHaveLength(2);
    expect(q.staleLeaders).toHaveLength(1); // the old leader still believes it leads, for now
    for (const side of ['n1', 'n3']) expect(sim.quorum(side).state).toBe('lost');
    run(sim, 5 * T);
    expect(sim.quorum().state).toBe('lost');
    expect(sim.quorum().staleLeaders).toEqual([]); // CheckQuorum made it step down
  });

  it('2/3 split seen from each side: the minority leader is stale while the majority elects, then a new leader is healthy', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    const l = electLeader(sim);
    const others = ['n1', 'n2', 'n3', 'n4', 'n5'].filter((id) => id !== l.id);
    const minority = [l.id, others[0]];
    const majority = others.slice(1);
    sim.apply({ action: 'partition', groups: [minority, majority] });
    let q = sim.quorum();
    expect(q).toMatchObject({ state: 'electing', leader: null, staleLeaders: [l.id], tolerated: 0 });
    expect([...q.largestGroup].sort()).toEqual([...majority].sort());
    expect(sim.quorum(l.id)).toMatchObject({ state: 'lost', leader: null, staleLeaders: [l.id], tolerated: 0 });
    expect(sim.quorum(majority[0])).toMatchObject({ state: 'electing', staleLeaders: [l.id] });
    until(sim, () => sim.quorum().state === 'healthy');
    q = sim.quorum();
    expect(majority).toContain(q.leader);
    expect(q.tolerated).toBe(0);
    expect(sim.quorum(majority[0])).toMatchObject({ state: 'healthy', leader: q.leader });
    expect(sim.quorum(l.id)).toMatchObject({ state: 'lost', leader: null });
    sim.apply({ action: 'heal' });
    run(sim, 2 * T);
    expect(sim.quorum()).toMatchObject({ state: 'healthy', tolerated: 2, staleLeaders: [] });
  });

  it('learners are not counted: not in voters, groups or tolerated failures', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3'], learners: ['l1', 'l2'] }));
    electLeader(sim);
    let q = sim.quorum();
    expect(q).toMatchObject({ state: 'healthy', voters: ['n1', 'n2', 'n3'], quorum: 2, tolerated: 1 });
    expect(q.largestGroup).not.toContain('l1');
    const followers = ['n1', 'n2', 'n3'].filter((id) => id !== q.leader);
    sim.apply({ action: 'crash', node: followers[0] });
    sim.apply({ action: 'crash', node: followers[1] });
    q = sim.quorum();
    expect(q).toMatchObject({ state: 'lost', tolerated: 0 });
    expect(q.up).toHaveLength(1); // the two learners up change nothing
  });

  it('all restarted after a total outage: electing, then healthy, never lost once a majority is back', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    for (const id of ['n1', 'n2', 'n3']) sim.apply({ action: 'crash', node: id });
    expect(sim.quorum()).toMatchObject({ state: 'lost', up: [], tolerated: 0 });
    run(sim, 3 * T);
    sim.apply({ action: 'restart', node: 'n1' });
    expect(sim.quorum().state).toBe('lost');
    sim.apply({ action: 'restart', node: 'n2' });
    expect(sim.quorum()).toMatchObject({ state: 'electing', tolerated: 0 });
    sim.apply({ action: 'restart', node: 'n3' });
    expect(sim.quorum()).toMatchObject({ state: 'electing', tolerated: 1 });
    let sawLost = false;
    until(sim, () => {
      if (sim.quorum().state === 'lost') sawLost = true;
      return sim.quorum().state === 'healthy';
    });
    expect(sawLost).toBe(false);
    expect(sim.quorum().tolerated).toBe(1);
  });
});
