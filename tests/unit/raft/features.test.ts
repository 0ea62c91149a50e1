// etcd's additions to the paper: PreVote and CheckQuorum (thesis 9.6), ReadIndex (thesis 6.4), serializable
// reads, follower forwarding, client timeouts, snapshots and compaction (section 7), the network model.
import { describe, expect, it } from 'vitest';
import { Simulation, toJsonl } from '../../../src/raft/index';
import { getExample } from '../../../src/scenarios/index';
import { T, collect, electLeader, leader, lines, op, run, safetyViolations, scenario } from './helpers';

describe('PreVote and CheckQuorum (thesis section 9.6)', () => {
  function isolateAndHeal(preVote: boolean) {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'], features: { preVote, checkQuorum: true } }));
    const l = electLeader(sim);
    run(sim, 300);
    const f = sim.nodes().find((n) => n.id !== l.id)!.id;
    sim.apply({ action: 'partition', groups: [sim.nodes().filter((n) => n.id !== f).map((n) => n.id), [f]] });
    run(sim, 10 * T);
    const isolatedTerm = sim.node(f)!.term;
    sim.apply({ action: 'heal' });
    run(sim, 3 * T);
    return { sim, l, f, isolatedTerm };
  }

  it('with PreVote, an isolated follower does not inflate its term and does not depose the leader on heal', () => {
    const { sim, l, f, isolatedTerm } = isolateAndHeal(true);
    expect(isolatedTerm).toBe(l.term);
    expect(leader(sim)).toMatchObject({ id: l.id, term: l.term });
    expect(sim.node(f)).toMatchObject({ role: 'follower', leader: l.id });
  });

  it('without PreVote, the isolated follower inflates its term and forces a new election on heal (etcd 3.4 default)', () => {
    const { sim, l, isolatedTerm } = isolateAndHeal(false);
    expect(isolatedTerm).toBeGreaterThan(l.term + 3);
    expect(leader(sim)!.term).toBeGreaterThan(isolatedTerm);
    expect(lines(sim, 'role').some((r) => r.node === l.id && r.role === 'follower' && r.term > l.term)).toBe(true);
  });

  it('with CheckQuorum, a leader cut off in a minority steps down within two election timeouts', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    const l = electLeader(sim);
    run(sim, 300);
    const events = collect(sim);
    const other = sim.nodes().find((n) => n.id !== l.id)!.id;
    sim.apply({ action: 'partition', groups: [[l.id, other], sim.nodes().filter((n) => n.id !== l.id && n.id !== other).map((n) => n.id)] });
    const t0 = sim.now;
    run(sim, 2 * T + 1);
    expect(sim.node(l.id)!.role).not.toBe('leader');
    const sd = events.find((e) => e.type === 'stepdown' && e.node === l.id);
    expect(sd).toMatchObject({ reason: 'check-quorum' });
    expect(sd!.t - t0).toBeLessThanOrEqual(2 * T);
  });

  it('without CheckQuorum, that leader stays leader (and keeps accepting writes it can never commit)', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3'], features: { preVote: true, checkQuorum: false } }));
    const l = electLeader(sim);
    run(sim, 300);
    sim.apply({ action: 'partition', groups: [[l.id], sim.nodes().filter((n) => n.id !== l.id).map((n) => n.id)] });
    run(sim, 5 * T);
    expect(sim.node(l.id)!.role).toBe('leader');
    const p = sim.apply({ action: 'put', key: 'k', value: 'v', node: l.id });
    run(sim, 6 * T);
    expect(op(sim, p)?.status).toBe('info');
  });

  it('features can be switched at run time (setFeatures)', () => {
    const sim = new Simulation(scenario({ features: { preVote: true, checkQuorum: true } }));
    electLeader(sim);
    const events = collect(sim);
    sim.apply({ action: 'setFeatures', preVote: false });
    const l = leader(sim)!;
    sim.apply({ action: 'crash', node: l.id });
    run(sim, 4 * T);
    expect(events.find((e) => e.type === 'features')).toMatchObject({ preVote: false, checkQuorum: true });
    expect(events.filter((e) => e.type === 'timeout').every((e) => e.type === 'timeout' && e.kind === 'election')).toBe(true);
    expect(events.some((e) => e.type === 'send' && e.msg.type === 'PreVote')).toBe(false);
    expect(sim.injected.map((e) => e.action)).toEqual(['setFeatures', 'crash']);
  });
});

describe('reads', () => {
  it('linearizable reads go through the leader with a heartbeat round (ReadIndex); serializable reads can be stale', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    run(sim, 200);
    sim.apply({ action: 'put', key: 'k', value: 'old', node: l.id });
    run(sim, 200);
    const f = sim.nodes().find((n) => n.id !== l.id)!.id;
    sim.apply({ action: 'partition', groups: [[f], sim.nodes().filter((n) => n.id !== f).map((n) => n.id)] });
    const w = sim.apply({ action: 'put', key: 'k', value: 'new', node: l.id });
    run(sim, 100);
    expect(op(sim, w)?.status).toBe('ok');
    const stale = sim.apply({ action: 'get', key: 'k', consistency: 'serializable', node: f });
    expect(op(sim, stale)).toMatchObject({ status: 'ok', result: 'old' });
    const events = collect(sim);
    const lin = sim.apply({ action: 'get', key: 'k', node: l.id });
    expect(op(sim, lin)?.status).toBe('pending'); // waits for the heartbeat round
    run(sim, 50);
    expect(op(sim, lin)).toMatchObject({ status: 'ok', result: 'new' });
    expect(events.some((e) => e.type === 'send' && e.msg.heartbeat && e.msg.from === l.id)).toBe(true);
    // The partitioned follower knows no leader after an election timeout: its linearizable read fails.
    run(sim, 3 * T);
    const cut = sim.apply({ action: 'get', key: 'k', node: f });
    expect(op(sim, cut)).toMatchObject({ status: 'fail', error: 'etcdserver: no leader' });
  });

  it('a linearizable read on a follower is forwarded (ReadIndex) and answered once the follower applied far enough', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    run(sim, 200);
    const f = sim.nodes().find((n) => n.id !== l.id)!.id;
    const w = sim.apply({ action: 'put', key: 'k', value: 'v', node: l.id });
    while (op(sim, w)!.status === 'pending') sim.step();
    // The leader has applied the put; the follower may not have yet, but its read must still see it.
    const r = sim.apply({ action: 'get', key: 'k', node: f });
    run(sim, 200);
    expect(op(sim, r)).toMatchObject({ status: 'ok', result: 'v' });
    expect(op(sim, r)!.endedAt!).toBeGreaterThanOrEqual(op(sim, w)!.endedAt!);
  });

  it('a deposed leader in a minority cannot serve a stale linearizable read', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'], features: { preVote: true, checkQuorum: false } }));
    const l = electLeader(sim);
    run(sim, 200);
    const rest = sim.nodes().filter((n) => n.id !== l.id).map((n) => n.id);
    sim.apply({ action: 'partition', groups: [[l.id], rest] });
    const r = sim.apply({ action: 'get', key: 'k', node: l.id });
    run(sim, 6 * T);
    expect(op(sim, r)?.status).toBe('info');
  });
});

describe('clients', () => {
  it('a follower forwards a put to the leader; the client learns the leader for its next requests', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    run(sim, 200);
    const f = sim.nodes().find((n) => n.id !== l.id)!.id;
    const events = collect(sim);
    const p = sim.apply({ action: 'put', key: 'k', value: 'v', node: f });
    run(sim, 200);
    expect(op(sim, p)).toMatchObject({ status: 'ok', node: f });
    expect(events.some((e) => e.type === 'send' && e.msg.type === 'Propose' && e.msg.from === f && e.msg.to === l.id)).toBe(true);
    const q = sim.apply({ action: 'put', key: 'k', value: 'w' });
    expect(op(sim, q)!.node).toBe(l.id);
  });

  it('a request to a crashed node fails; one with no answer in time ends as info', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    run(sim, 200);
    const [a, b] = sim.nodes().filter((n) => n.id !== l.id).map((n) => n.id);
    sim.apply({ action: 'crash', node: a });
    const p = sim.apply({ action: 'put', key: 'k', value: 'v', node: a });
    expect(op(sim, p)).toMatchObject({ status: 'fail', error: 'dial tcp: connect: connection refused' });
    sim.apply({ action: 'crash', node: b });
    const q = sim.apply({ action: 'put', key: 'k', value: 'v', node: l.id });
    run(sim, 4999);
    expect(op(sim, q)!.status).toBe('pending');
    run(sim, 1);
    expect(op(sim, q)).toMatchObject({ status: 'info', error: 'context deadline exceeded', endedAt: q !== undefined ? op(sim, q)!.invokedAt + 5000 : 0 });
  });

  it('etcd revisions: createRevision, modRevision, version; delete', () => {
    const sim = new Simulation(scenario({ members: ['n1'] }));
    electLeader(sim);
    sim.apply({ action: 'put', key: 'a', value: '1' });
    sim.apply({ action: 'put', key: 'b', value: '1' });
    sim.apply({ action: 'put', key: 'a', value: '2' });
    run(sim, 10);
    expect(sim.node('n1')!.kv).toEqual({
      a: { value: '2', createRevision: 2, modRevision: 4, version: 2 },
      b: { value: '1', createRevision: 3, modRevision: 3, version: 1 },
    });
    sim.apply({ action: 'delete', key: 'a' });
    sim.apply({ action: 'delete', key: 'nothing' });
    run(sim, 10);
    expect(sim.node('n1')!.revision).toBe(5);
    const g = sim.apply({ action: 'get', key: 'a' });
    run(sim, 10);
    expect(op(sim, g)).toMatchObject({ status: 'ok', result: null });
  });

  it('"leader" and "follower" name nodes at the instant of the event; naming nobody does nothing', () => {
    const sim = new Simulation(scenario());
    expect(sim.apply({ action: 'put', key: 'k', value: 'v', node: 'leader' })).toBeUndefined();
    expect(sim.ops()).toEqual([]);
    const l = electLeader(sim);
    run(sim, 100);
    sim.apply({ action: 'crash', node: 'follower' });
    const first = ['n1', 'n2', 'n3'].find((id) => id !== l.id)!;
    expect(sim.node(first)!.up).toBe(false);
  });

  it('bad actions are refused with a reject event, never an exception', () => {
    const sim = new Simulation(scenario());
    const events = collect(sim);
    expect(sim.apply({ action: 'crash', node: 'zz' })).toBeUndefined();
    expect(sim.apply({ action: 'boom' } as never)).toBeUndefined();
    expect(sim.apply({ action: 'partition', groups: [['n1'], ['n1']] })).toBeUndefined();
    expect(sim.apply({ action: 'network', dropRate: 3 })).toBeUndefined();
    expect(sim.apply({ action: 'addMember', node: 'n4' })).toBeUndefined(); // no leader yet
    expect(events.filter((e) => e.type === 'reject').map((e) => (e.type === 'reject' ? e.reason : ''))).toEqual([
      'unknown node "zz"',
      'unknown action "boom"',
      'node "n1" is in two groups',
      'dropRate must be between 0 and 1',
      'etcdserver: no leader',
    ]);
  });
});

describe('snapshots and compaction (section 7)', () => {
  it('logs stay bounded over a long run, and a node that was down catches up by InstallSnapshot', () => {
    const events: object[] = [];
    for (let t = 1500; t < 60000; t += 20) events.push({ at: t, action: 'put', key: `k${t % 13}`, value: `v${t}` });
    events.push({ at: 10000, action: 'crash', node: 'follower' });
    events.push({ at: 40000, action: 'restart', node: 'n1' }, { at: 40000, action: 'restart', node: 'n2' }, { at: 40000, action: 'restart', node: 'n3' });
    const sim = new Simulation(scenario({ snapshotEntries: 200, events: events as never, until: 62000 }));
    let maxLog = 0;
    sim.subscribe((e) => {
      if (e.type === 'commit') for (const n of sim.nodes()) maxLog = Math.max(maxLog, n.log.length);
    });
    const installs = collect(sim);
    sim.run();
    expect(maxLog).toBeLessThanOrEqual(200 + 64 + 50);
    expect(installs.some((e) => e.type === 'send' && e.msg.type === 'InstallSnapshot')).toBe(true);
    const l = leader(sim)!;
    for (const n of sim.nodes()) {
      expect(n.kv).toEqual(l.kv);
      expect(n.snapshotIndex).toBeGreaterThan(2000);
    }
    expect(safetyViolations(sim.trace())).toEqual([]);
  });
});

describe('network model and determinism', () => {
  it('the same scenario and seed give the same trace; another seed gives another run', () => {
    const s = getExample('worked-example-3')!;
    const a = new Simulation({ ...s, network: { dropRate: 0.1, duplicateRate: 0.1 } });
    const b = new Simulation({ ...s, network: { dropRate: 0.1, duplicateRate: 0.1 } });
    a.run();
    b.run();
    expect(toJsonl(a.trace(), a.finalLine())).toBe(toJsonl(b.trace(), b.finalLine()));
    const c = new Simulation({ ...s, seed: s.seed + 1 });
    c.run();
    expect(toJsonl(c.trace(), c.finalLine())).not.toBe(toJsonl(a.trace(), a.finalLine()));
  });

  it('every message sent is delivered or dropped (with a reason), loss and duplication included', () => {
    const sim = new Simulation(scenario({ network: { dropRate: 0.2, duplicateRate: 0.2 }, events: [{ at: 3000, action: 'partition', groups: [['n1', 'n2'], ['n3']] }, { at: 6000, action: 'crash', node: 'n2' }] as never }));
    const events = collect(sim);
    sim.advanceTo(10000);
    const sent = events.filter((e) => e.type === 'send').length;
    const ended = events.filter((e) => e.type === 'deliver' || e.type === 'drop').length;
    expect(sent - ended).toBe(sim.inFlight().length);
    const reasons = new Set(events.filter((e) => e.type === 'drop').map((e) => (e.type === 'drop' ? e.reason : '')));
    expect(reasons).toEqual(new Set(['loss', 'partition', 'down']));
    const ids = events.filter((e) => e.type === 'send').map((e) => (e.type === 'send' ? e.msg.id : 0));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('inFlight shows messages with send and arrival times; partition() shows the groups', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    sim.advanceTo(sim.now + 1);
    for (const m of sim.inFlight()) {
      expect(m.arriveAt).toBeGreaterThanOrEqual(sim.now);
      expect(m.arriveAt - m.sentAt).toBeGreaterThanOrEqual(2);
      expect(m.arriveAt - m.sentAt).toBeLessThanOrEqual(10);
    }
    expect(sim.partition()).toBeUndefined();
    sim.apply({ action: 'partition', groups: [['n1'], ['n2', 'n3']] });
    expect(sim.partition()).toEqual([['n1'], ['n2', 'n3']]);
  });
});
