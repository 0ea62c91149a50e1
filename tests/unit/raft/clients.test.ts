// Issue 13 item 3: a request "to the cluster" (no `node`) behaves as etcd 3.4's clientv3 with an endpoint list:
// it goes to the endpoint it last used, moves on when a member refuses the connection, retries a read refused
// by a member that knows no leader, and a client that knows only a dead member fails until given another.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../src/checker/index';
import { Simulation, toJsonl } from '../../../src/raft/index';
import { T, electLeader, leader, op, run, scenario } from './helpers';

const BALANCER = 'latest balancer error: all SubConns are in TransientFailure';

function contractValid(sim: Simulation): void {
  // The trace stays the contract's: every line checks, invoke/ok/fail/info carry only the contract's fields.
  const r = checkTrace(sim.trace(), {});
  expect(r.violations).toEqual([]);
  for (const l of sim.trace()) {
    if (l.type === 'ok') expect(Object.keys(l).sort()).toEqual(l.hasOwnProperty('value') ? ['op', 't', 'type', 'value'] : ['op', 't', 'type']);
    if (l.type === 'fail' || l.type === 'info') expect(Object.keys(l).sort()).toEqual(['error', 'op', 't', 'type']);
  }
  expect(toJsonl(sim.trace(), sim.finalLine()).length).toBeGreaterThan(0);
}

describe('clients with an endpoint list (clientv3)', () => {
  it('after the leader it used crashes, the next put moves to another endpoint and says which member answered', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    const l = electLeader(sim);
    run(sim, 200);
    const p1 = sim.apply({ action: 'put', key: 'k', value: 'v1' });
    run(sim, 200);
    expect(op(sim, p1)).toMatchObject({ status: 'ok', answeredBy: expect.any(String), endpoints: ['n1', 'n2', 'n3'], refused: [] });
    // The client now believes l leads; l crashes and another leader is elected.
    sim.apply({ action: 'crash', node: l.id });
    const nl = electLeader(sim);
    run(sim, 200);
    const p2 = sim.apply({ action: 'put', key: 'k', value: 'v2' });
    run(sim, 200);
    const o = op(sim, p2)!;
    expect(o.status).toBe('ok');
    expect(o.refused).toEqual([l.id]); // it went first to the member it believed led
    expect(o.node).not.toBe(l.id);
    expect(o.answeredBy).toBe(o.node);
    // After an ok through a follower, the client goes straight to the leader it learnt of.
    const p3 = sim.apply({ action: 'put', key: 'k', value: 'v3' });
    run(sim, 200);
    expect(op(sim, p3)).toMatchObject({ status: 'ok', node: nl.id, answeredBy: nl.id, refused: [] });
    contractValid(sim);
  });

  it('a read "to the cluster" sent to a restarted member that knows no leader yet is tried on the next endpoint (issue 13 item 3)', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    const l = electLeader(sim);
    const g1 = sim.apply({ action: 'get', key: 'k' });
    run(sim, 200);
    expect(op(sim, g1)!.status).toBe('ok');
    sim.apply({ action: 'crash', node: l.id });
    const nl = electLeader(sim);
    run(sim, 200);
    // The old leader comes back: it is up but has not heard from the new leader yet.
    sim.apply({ action: 'restart', node: l.id });
    expect(sim.node(l.id)!.leader).toBeNull();
    const before = sim.ops().length;
    const g2 = sim.apply({ action: 'get', key: 'k' });
    run(sim, 200);
    const o = op(sim, g2)!;
    expect(o.status).toBe('ok');
    expect(o.answeredBy).not.toBe(l.id);
    expect([nl.id, ...['n1', 'n2', 'n3'].filter((x) => x !== l.id)]).toContain(o.answeredBy);
    expect(sim.ops().length).toBe(before + 1); // one request, not one per endpoint tried
    contractValid(sim);
  });

  it('a put to a member that knows no leader is not retried elsewhere (it may have been sent): it fails, answered by that member', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    const l = electLeader(sim);
    sim.apply({ action: 'put', key: 'k', value: 'v', endpoints: [l.id] });
    run(sim, 200);
    sim.apply({ action: 'crash', node: l.id });
    sim.apply({ action: 'restart', node: l.id });
    const p = sim.apply({ action: 'put', key: 'k', value: 'w' });
    expect(op(sim, p)).toMatchObject({ status: 'fail', error: 'etcdserver: no leader', answeredBy: l.id, endpoints: [l.id] });
    contractValid(sim);
  });

  it('a client that knows only the dead member waits until its deadline and fails, until it is given another endpoint', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    const l = electLeader(sim);
    const p0 = sim.apply({ action: 'put', key: 'k', value: 'v0', endpoints: [l.id], client: 'pinned' });
    run(sim, 200);
    expect(op(sim, p0)!.status).toBe('ok');
    sim.apply({ action: 'crash', node: l.id });
    const p1 = sim.apply({ action: 'put', key: 'k', value: 'v1', client: 'pinned' });
    expect(op(sim, p1)).toMatchObject({ status: 'pending', refused: [l.id], node: null });
    run(sim, 4999);
    expect(op(sim, p1)!.status).toBe('pending');
    run(sim, 1);
    expect(op(sim, p1)).toMatchObject({ status: 'fail', error: BALANCER, endpoints: [l.id] });
    expect(op(sim, p1)!.answeredBy).toBeUndefined();
    // Still only the dead member: the same again.
    const p2 = sim.apply({ action: 'get', key: 'k', client: 'pinned' });
    run(sim, 5000);
    expect(op(sim, p2)).toMatchObject({ status: 'fail', error: BALANCER });
    // Given every endpoint, it reaches the new leader.
    electLeader(sim);
    const p3 = sim.apply({ action: 'put', key: 'k', value: 'v3', client: 'pinned', endpoints: ['n1', 'n2', 'n3'] });
    run(sim, 200);
    expect(op(sim, p3)).toMatchObject({ status: 'ok', refused: [l.id] }); // it starts at the member it last used
    // The list sticks to the client.
    const p4 = sim.apply({ action: 'get', key: 'k', client: 'pinned' });
    run(sim, 200);
    expect(op(sim, p4)).toMatchObject({ status: 'ok', result: 'v3', endpoints: ['n1', 'n2', 'n3'] });
    contractValid(sim);
  });

  it('every endpoint down: the request waits, and goes through when a member comes back before the deadline', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    electLeader(sim);
    for (const id of ['n1', 'n2', 'n3']) sim.apply({ action: 'crash', node: id });
    const p = sim.apply({ action: 'put', key: 'k', value: 'v' });
    expect(op(sim, p)).toMatchObject({ status: 'pending', refused: ['n1', 'n2', 'n3'] });
    run(sim, 500);
    sim.apply({ action: 'restart', node: 'n2' });
    sim.apply({ action: 'restart', node: 'n3' });
    // n2 accepts the connection at once but knows no leader: a put is then refused ("no leader").
    expect(op(sim, p)).toMatchObject({ status: 'fail', error: 'etcdserver: no leader', answeredBy: 'n2' });
    const g = sim.apply({ action: 'get', key: 'k' });
    for (const id of ['n2', 'n3']) sim.apply({ action: 'crash', node: id });
    const g2 = sim.apply({ action: 'get', key: 'k' });
    expect(op(sim, g2)!.status).toBe('pending');
    sim.apply({ action: 'restart', node: 'n1' });
    sim.apply({ action: 'restart', node: 'n2' });
    // Reads are retried: both members up know no leader, so the read fails only once all were tried.
    expect(op(sim, g2)).toMatchObject({ status: 'fail', error: 'etcdserver: no leader' });
    expect(op(sim, g)!.status).not.toBe('pending');
    run(sim, 6 * T);
    expect(leader(sim)).toBeDefined();
    const g3 = sim.apply({ action: 'get', key: 'k' });
    run(sim, 200);
    expect(op(sim, g3)!.status).toBe('ok');
    contractValid(sim);
  });

  it('a request naming a node keeps its meaning: a down node refuses at once', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    electLeader(sim);
    sim.apply({ action: 'crash', node: 'n2' });
    const p = sim.apply({ action: 'put', key: 'k', value: 'v', node: 'n2' });
    expect(op(sim, p)).toMatchObject({ status: 'fail', error: 'dial tcp: connect: connection refused', node: 'n2' });
    expect(op(sim, p)!.endpoints).toBeUndefined();
  });

  it('bad endpoint lists are refused with a reason', () => {
    const sim = new Simulation(scenario({ seed: 1 }));
    expect(sim.apply({ action: 'put', key: 'k', value: 'v', endpoints: ['n9'] })).toBeUndefined();
    expect(sim.apply({ action: 'put', key: 'k', value: 'v', endpoints: [] })).toBeUndefined();
    expect(sim.trace().filter((l) => l.type === 'reject').map((l) => (l as { reason: string }).reason)).toEqual([
      'unknown node "n9"',
      'endpoints must be a non-empty array of node ids',
    ]);
  });
});
