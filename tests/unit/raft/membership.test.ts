// Issue 4: membership changes and learners, as etcd's member add / remove / promote and move-leader.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/raft/index';
import { T, collect, electLeader, leader, lines, op, run, safetyViolations, scenario } from './helpers';

function grow(sim: Simulation, id: string): void {
  // etcd's safe way: add as a learner, let it catch up, then promote.
  expect(sim.apply({ action: 'addMember', node: id, learner: true })).toBeUndefined();
  run(sim, 500);
  sim.apply({ action: 'promote', node: id });
  run(sim, 500);
  expect(sim.quorum().voters).toContain(id);
}

function rejects(sim: Simulation) {
  return lines(sim, 'reject');
}

describe('growing 3 -> 4 -> 5 voters', () => {
  it('3 -> 4 voters: quorum becomes 3, and two crashes stop all writes', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    run(sim, 100);
    expect(sim.quorum()).toMatchObject({ quorum: 2, tolerated: 1 });
    grow(sim, 'n4');
    expect(sim.quorum()).toMatchObject({ voters: ['n1', 'n2', 'n3', 'n4'], quorum: 3, hasQuorum: true, tolerated: 1 });
    const followers = sim.nodes().filter((n) => n.role !== 'leader').map((n) => n.id);
    sim.apply({ action: 'crash', node: followers[0] });
    sim.apply({ action: 'crash', node: followers[1] });
    const put = sim.apply({ action: 'put', key: 'k', value: 'after-two-crashes', node: 'leader' });
    run(sim, 8 * T);
    expect(op(sim, put)?.status).not.toBe('ok');
    expect(lines(sim, 'apply').some((a) => a.entry.kind === 'put' && a.entry.value === 'after-two-crashes')).toBe(false);
    expect(sim.quorum()).toMatchObject({ quorum: 3, hasQuorum: false, tolerated: 0 });
  });

  it('the same two crashes in a 5-voter cluster (grown live) do not stop writes', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    run(sim, 100);
    grow(sim, 'n4');
    grow(sim, 'n5');
    expect(sim.quorum()).toMatchObject({ quorum: 3, tolerated: 2 });
    const followers = sim.nodes().filter((n) => n.role !== 'leader').map((n) => n.id);
    sim.apply({ action: 'crash', node: followers[0] });
    sim.apply({ action: 'crash', node: followers[1] });
    const put = sim.apply({ action: 'put', key: 'k', value: 'after-two-crashes', node: 'leader' });
    run(sim, 200);
    expect(op(sim, put)?.status).toBe('ok');
    expect(sim.quorum()).toMatchObject({ hasQuorum: true, tolerated: 0 });
  });

  it('shows configuration entries in the trace as the contract says', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    run(sim, 100);
    grow(sim, 'n4');
    const configs = lines(sim, 'apply').filter((a) => a.node === 'n1' && a.entry.kind === 'config').map((a) => a.entry);
    expect(configs).toEqual([
      { kind: 'config', members: ['n1', 'n2', 'n3'], learners: ['n4'] },
      { kind: 'config', members: ['n1', 'n2', 'n3', 'n4'], learners: [] },
    ]);
  });
});

describe('splits', () => {
  it('4 voters split 2/2: no side elects a leader or commits', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4'] }));
    electLeader(sim);
    run(sim, 200);
    const commitBefore = Math.max(...sim.nodes().map((n) => n.commitIndex));
    sim.apply({ action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4']] });
    const a = sim.apply({ action: 'put', key: 'k', value: 'a', node: 'n1' });
    const b = sim.apply({ action: 'put', key: 'k', value: 'b', node: 'n3' });
    run(sim, 3 * T); // the old leader steps down (CheckQuorum) within 2 election timeouts
    expect(leader(sim)).toBeUndefined();
    run(sim, 10 * T);
    expect(leader(sim)).toBeUndefined();
    expect(Math.max(...sim.nodes().map((n) => n.commitIndex))).toBe(commitBefore);
    expect([op(sim, a)?.status, op(sim, b)?.status]).not.toContain('ok');
    expect(sim.quorum()).toMatchObject({ leader: null, hasQuorum: false });
  });

  it('5 voters split 2/3: the 3-side goes on, the 2-side cannot write', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    electLeader(sim);
    run(sim, 200);
    sim.apply({ action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] });
    run(sim, 4 * T);
    const l = leader(sim)!;
    expect(['n3', 'n4', 'n5']).toContain(l.id);
    const a = sim.apply({ action: 'put', key: 'k', value: 'minority', node: 'n1' });
    const b = sim.apply({ action: 'put', key: 'k', value: 'majority', node: 'n4' });
    run(sim, 6 * T);
    expect(op(sim, b)?.status).toBe('ok');
    expect(op(sim, a)?.status).not.toBe('ok');
    expect(sim.quorum()).toMatchObject({ leader: l.id, hasQuorum: true, reachable: ['n3', 'n4', 'n5'], tolerated: 0 });
  });
});

describe('learners', () => {
  it('a learner added under load catches up (through a snapshot), is refused promotion while lagging, then promoted; no committed write is lost', () => {
    const events: object[] = [];
    for (let t = 1500; t < 14000; t += 50) events.push({ at: t, action: 'put', key: `k${t % 7}`, value: `v${t}` });
    events.push({ at: 4000, action: 'addMember', node: 'n4', learner: true }, { at: 4000, action: 'crash', node: 'n4' });
    events.push({ at: 5000, action: 'promote', node: 'n4' }, { at: 7000, action: 'restart', node: 'n4' }, { at: 9000, action: 'promote', node: 'n4' });
    const sim = new Simulation(scenario({ snapshotEntries: 50, events: events as never, until: 16000 }));
    sim.advanceTo(3999);
    expect(sim.node('n4')).toBeUndefined();
    sim.advanceTo(4000);
    expect(sim.node('n4')).toMatchObject({ role: 'learner', voter: false });
    expect(sim.quorum()).toMatchObject({ voters: ['n1', 'n2', 'n3'], quorum: 2 });
    sim.advanceTo(5000);
    expect(rejects(sim).map((r) => r.reason)).toEqual(['etcdserver: can only promote a learner member which is in sync with leader']);
    sim.advanceTo(8999);
    expect(lines(sim, 'snapshot').some((s) => s.node === 'n4')).toBe(true); // InstallSnapshot
    expect(sim.node('n4')!.role).toBe('learner');
    sim.run();
    expect(rejects(sim).length).toBe(1);
    expect(sim.node('n4')).toMatchObject({ role: 'follower', voter: true });
    expect(sim.quorum()).toMatchObject({ voters: ['n1', 'n2', 'n3', 'n4'], quorum: 3 });
    expect(safetyViolations(sim.trace())).toEqual([]);
    // Every acknowledged put is in the final state of every node.
    const l = leader(sim)!;
    const okPuts = sim.ops().filter((o) => o.status === 'ok');
    expect(okPuts.length).toBeGreaterThan(200);
    for (const n of sim.nodes()) {
      expect(n.kv).toEqual(l.kv);
      expect(n.lastApplied).toBe(l.lastApplied);
    }
  });

  it('a learner never votes toward quorum: 2 voters + 1 learner lose quorum when one voter crashes', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2'], learners: ['n3'] }));
    electLeader(sim);
    run(sim, 200);
    expect(sim.node('n3')!.role).toBe('learner');
    expect(sim.quorum()).toMatchObject({ voters: ['n1', 'n2'], quorum: 2 });
    const f = sim.nodes().find((n) => n.role === 'follower')!;
    sim.apply({ action: 'crash', node: f.id });
    run(sim, 10 * T);
    expect(leader(sim)).toBeUndefined();
    expect(new Set(lines(sim, 'role').filter((r) => r.node === 'n3').map((r) => r.role))).toEqual(new Set(['learner']));
  });

  it('requests sent to a learner are refused as etcd does', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3'], learners: ['n4'] }));
    electLeader(sim);
    run(sim, 200);
    const p = sim.apply({ action: 'put', key: 'k', value: 'v', node: 'n4' });
    expect(op(sim, p)).toMatchObject({ status: 'fail', error: 'etcdserver: rpc not supported for learner' });
  });
});

describe('removing members', () => {
  it('removing the leader: it hands over, stops, and the cluster goes on with the smaller quorum', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4'] }));
    const old = electLeader(sim);
    run(sim, 200);
    const events = collect(sim);
    sim.apply({ action: 'removeMember', node: old.id });
    run(sim, 300);
    const nl = leader(sim)!;
    expect(nl.id).not.toBe(old.id);
    expect(sim.node(old.id)).toMatchObject({ up: false, removed: true });
    expect(events.some((e) => e.type === 'stepdown' && e.node === old.id && e.reason === 'removed')).toBe(true);
    expect(events.some((e) => e.type === 'send' && e.msg.type === 'TimeoutNow' && e.msg.from === old.id)).toBe(true);
    expect(sim.quorum()).toMatchObject({ voters: ['n1', 'n2', 'n3', 'n4'].filter((x) => x !== old.id), quorum: 2, tolerated: 1 });
    // Election by TimeoutNow: far quicker than an election timeout.
    const became = lines(sim, 'role').find((r) => r.node === nl.id && r.role === 'leader' && r.term === nl.term)!;
    expect(became.t - events[0].t).toBeLessThan(100);
    const put = sim.apply({ action: 'put', key: 'k', value: 'v', node: nl.id });
    run(sim, 100);
    expect(op(sim, put)?.status).toBe('ok');
  });

  it('a removed node does not disturb the cluster (no term inflation), even with PreVote off', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4'], features: { preVote: false, checkQuorum: false } }));
    electLeader(sim);
    run(sim, 200);
    const victim = sim.nodes().find((n) => n.role === 'follower')!.id;
    sim.apply({ action: 'removeMember', node: victim });
    run(sim, 300);
    const term = leader(sim)!.term;
    sim.apply({ action: 'restart', node: victim });
    run(sim, 20 * T);
    expect(leader(sim)!.term).toBe(term);
    expect(sim.node(victim)).toMatchObject({ up: false, removed: true });
    expect(rejects(sim).map((r) => r.reason)).toEqual([`node "${victim}" was removed from the cluster`]);
  });

  it("etcd's strict reconfiguration check refuses a change that would leave no started quorum", () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    run(sim, 200);
    const fs = sim.nodes().filter((n) => n.id !== l.id).map((n) => n.id);
    sim.apply({ action: 'crash', node: fs[0] });
    // 2 of 3 started: adding a fourth voter needs 3 started.
    sim.apply({ action: 'addMember', node: 'n4' });
    // Removing the other started follower would leave 1 started of 2.
    sim.apply({ action: 'removeMember', node: fs[1] });
    expect(rejects(sim).map((r) => r.reason)).toEqual(['etcdserver: unhealthy cluster', 'etcdserver: unhealthy cluster']);
    expect(sim.node('n4')).toBeUndefined();
    // The cluster keeps working.
    const put = sim.apply({ action: 'put', key: 'k', value: 'v', node: l.id });
    run(sim, 100);
    expect(op(sim, put)?.status).toBe('ok');
    // Removing the crashed one is fine: 2 started of 2.
    sim.apply({ action: 'removeMember', node: fs[0] });
    run(sim, 200);
    expect(sim.quorum()).toMatchObject({ voters: [l.id, fs[1]].sort(), quorum: 2 });
  });

  it('one change at a time: a second change while the first is uncommitted is refused', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    run(sim, 200);
    sim.apply({ action: 'addMember', node: 'n4', learner: true });
    sim.apply({ action: 'addMember', node: 'n5', learner: true });
    expect(rejects(sim).map((r) => r.reason)).toEqual(['etcdserver: request timed out (another membership change is in progress)']);
    run(sim, 100);
    sim.apply({ action: 'addMember', node: 'n5', learner: true });
    run(sim, 100);
    expect(sim.quorum().voters).toEqual(['n1', 'n2', 'n3']);
    expect(sim.node('n1')!.config.learners).toEqual(['n4', 'n5']);
  });
});

describe('transferLeader (etcd move-leader)', () => {
  it('hands leadership to the named voter with TimeoutNow, within a few message delays', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    const l = electLeader(sim);
    run(sim, 300);
    const to = sim.nodes().find((n) => n.id !== l.id)!.id;
    const t0 = sim.now;
    sim.apply({ action: 'transferLeader', node: to });
    run(sim, 100);
    expect(leader(sim)!.id).toBe(to);
    expect(leader(sim)!.term).toBe(l.term + 1);
    expect(lines(sim, 'role').find((r) => r.node === to && r.role === 'leader')!.t - t0).toBeLessThan(50);
    sim.apply({ action: 'transferLeader', node: 'n9' });
    expect(rejects(sim).map((r) => r.reason)).toEqual(['unknown node "n9"']);
  });
});

describe('grow and shrink under load and faults', () => {
  it('3 -> 5 -> 3 with client load, a crash and message loss: every change in the trace, safety holds', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const events: object[] = [];
      for (let t = 1500; t < 40000; t += 97) events.push({ at: t, action: 'put', key: `k${t % 5}`, value: `v${t}` });
      events.push(
        { at: 4000, action: 'addMember', node: 'n4', learner: true },
        { at: 7000, action: 'promote', node: 'n4' },
        { at: 10000, action: 'addMember', node: 'n5', learner: true },
        { at: 13000, action: 'promote', node: 'n5' },
        { at: 16000, action: 'crash', node: 'follower' },
        { at: 20000, action: 'restart', node: 'n1' },
        { at: 20000, action: 'restart', node: 'n2' },
        { at: 20000, action: 'restart', node: 'n3' },
        { at: 20000, action: 'restart', node: 'n4' },
        { at: 20000, action: 'restart', node: 'n5' },
        { at: 25000, action: 'removeMember', node: 'n4' },
        { at: 30000, action: 'removeMember', node: 'n5' },
      );
      const sim = new Simulation(scenario({ seed, network: { dropRate: 0.02, duplicateRate: 0.02 }, snapshotEntries: 100, events: events as never, until: 45000 }));
      sim.run();
      expect(safetyViolations(sim.trace())).toEqual([]);
      const configs = new Set(lines(sim, 'apply').filter((a) => a.entry.kind === 'config').map((a) => JSON.stringify(a.entry)));
      expect(configs.size).toBeGreaterThanOrEqual(4);
      expect(sim.quorum().voters.length).toBe(3);
      expect(sim.quorum().hasQuorum).toBe(true);
    }
  });
});
