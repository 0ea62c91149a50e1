// Issue 16: every engine refusal carries a stable code beside its etcd text (reject events and failed ops).
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES, Simulation, type Action, type SimEvent } from '../../../src/raft/index';
import { electLeader, op, run, scenario } from './helpers';

function rejects(sim: Simulation): Extract<SimEvent, { type: 'reject' }>[] {
  return sim.trace().filter((l) => l.type === 'reject') as Extract<SimEvent, { type: 'reject' }>[];
}

function refusedWith(sim: Simulation, a: Action): { code: string; reason: string } {
  const before = rejects(sim).length;
  expect(sim.apply(a)).toBeUndefined();
  const r = rejects(sim);
  expect(r.length).toBe(before + 1);
  return { code: r[r.length - 1].code, reason: r[r.length - 1].reason };
}

describe('refusal codes', () => {
  it('each membership refusal has its code and etcd text', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3'], learners: ['l1'] }));
    expect(refusedWith(sim, { action: 'addMember', node: 'n4' })).toEqual({ code: 'no-leader', reason: 'etcdserver: no leader' });
    const l = electLeader(sim);
    run(sim, 300);
    expect(refusedWith(sim, { action: 'addMember', node: 'n1' }).code).toBe('member-exists');
    expect(refusedWith(sim, { action: 'addMember', node: 'Bad Id' }).code).toBe('bad-member-id');
    expect(refusedWith(sim, { action: 'promote', node: 'n2' }).code).toBe('not-a-learner');
    expect(refusedWith(sim, { action: 'removeMember', node: 'n9' }).code).toBe('unknown-member');
    expect(refusedWith(sim, { action: 'transferLeader', node: 'l1' })).toEqual({ code: 'bad-leader-transferee', reason: 'etcdserver: bad leader transferee' });
    sim.apply({ action: 'crash', node: 'l1' });
    expect(refusedWith(sim, { action: 'promote', node: 'l1' })).toEqual({
      code: 'learner-not-in-sync',
      reason: 'etcdserver: can only promote a learner member which is in sync with leader',
    });
    const f = ['n1', 'n2', 'n3'].filter((x) => x !== l.id);
    sim.apply({ action: 'crash', node: f[0] });
    expect(refusedWith(sim, { action: 'addMember', node: 'n4' })).toEqual({ code: 'unhealthy-cluster', reason: 'etcdserver: unhealthy cluster' });
    sim.apply({ action: 'restart', node: f[0] });
    run(sim, 300);
    sim.apply({ action: 'addMember', node: 'n4', learner: true });
    expect(refusedWith(sim, { action: 'addMember', node: 'n5', learner: true }).code).toBe('membership-in-progress');
  });

  it('malformed actions say which field, with bad-argument / bad-action / unknown-member / member-removed', () => {
    const sim = new Simulation(scenario());
    expect(refusedWith(sim, { action: 'crash', node: 'n9' }).code).toBe('unknown-member');
    expect(refusedWith(sim, { action: 'network', dropRate: 2 }).code).toBe('bad-argument');
    expect(refusedWith(sim, { action: 'partition', groups: [['n1'], ['n1']] }).code).toBe('bad-argument');
    expect(refusedWith(sim, { action: 'nope' } as unknown as Action).code).toBe('bad-action');
    expect(refusedWith(sim, { action: 'put', key: 'k' } as unknown as Action).code).toBe('bad-argument');
    for (const r of rejects(sim)) expect(REFUSAL_CODES).toContain(r.code);
  });

  it('failed and timed-out client ops carry a code', () => {
    const sim = new Simulation(scenario({ learners: ['l1'] }));
    const l = electLeader(sim);
    run(sim, 300);
    const f = ['n1', 'n2', 'n3'].filter((x) => x !== l.id);
    sim.apply({ action: 'crash', node: f[0] });
    expect(op(sim, sim.apply({ action: 'get', key: 'k', node: f[0] }))).toMatchObject({ status: 'fail', code: 'connection-refused' });
    expect(op(sim, sim.apply({ action: 'put', key: 'k', value: 'v', node: 'l1' }))).toMatchObject({ status: 'fail', code: 'learner-rpc' });
    sim.apply({ action: 'crash', node: f[1] });
    const t = sim.apply({ action: 'put', key: 'k', value: 'v', node: l.id });
    run(sim, 5000);
    expect(op(sim, t)).toMatchObject({ status: 'info', code: 'timeout', error: 'context deadline exceeded' });
    run(sim, 3000); // CheckQuorum: the lone leader stepped down, knows no leader
    expect(op(sim, sim.apply({ action: 'put', key: 'k', value: 'v', node: l.id }))).toMatchObject({ status: 'fail', code: 'no-leader' });
    sim.apply({ action: 'crash', node: l.id });
    const w = sim.apply({ action: 'put', key: 'k', value: 'v', endpoints: [f[0]] });
    run(sim, 5000);
    expect(op(sim, w)).toMatchObject({ status: 'fail', code: 'no-endpoint' });
    for (const o of sim.ops()) if (o.status === 'fail' || o.status === 'info') expect(REFUSAL_CODES).toContain(o.code);
  });
});
