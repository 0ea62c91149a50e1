// Tests named after the Raft paper's sections, in the spirit of etcd-io/raft raft_paper_test.go: each one
// focuses on a few sentences of the paper, is laid out as init / test / check, and says which section.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/raft/index';
import { T, collect, electLeader, leader, lines, op, run, safetyViolations, scenario } from './helpers';

describe('5.2 Leader election', () => {
  // "When servers start up, they begin as followers. [...] If a follower receives no communication over a
  // period of time called the election timeout, then it assumes there is no viable leader and begins an
  // election to choose a new leader. To begin an election, a follower increments its current term and
  // transitions to candidate state. It then votes for itself."
  // Reference: section 5.2
  it('a follower that hears nothing for an election timeout becomes candidate, increments its term and votes for itself', () => {
    const sim = new Simulation(scenario({ features: { preVote: false, checkQuorum: false } }));
    expect(sim.nodes().map((n) => [n.role, n.term])).toEqual([
      ['follower', 0],
      ['follower', 0],
      ['follower', 0],
    ]);
    const first = sim.nodes().reduce((a, b) => (a.electionDeadline! <= b.electionDeadline! ? a : b));
    sim.advanceTo(first.electionDeadline! - 1);
    expect(sim.nodes().every((n) => n.role === 'follower' && n.term === 0)).toBe(true);
    sim.advanceTo(first.electionDeadline!);
    const c = sim.node(first.id)!;
    expect(c.role).toBe('candidate');
    expect(c.term).toBe(1);
    expect(c.votedFor).toBe(c.id);
    expect(lines(sim, 'role').at(-1)).toEqual({ t: first.electionDeadline, type: 'role', node: c.id, role: 'candidate', term: 1 });
  });

  // "Raft uses randomized election timeouts [...] chosen randomly from a fixed interval" — etcd's
  // interval is [electionTimeout, 2 * electionTimeout).
  // Reference: section 5.2
  it('election timeouts are drawn in [T, 2T) and differ between nodes', () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 50; seed++) {
      const sim = new Simulation(scenario({ seed, members: ['a', 'b', 'c', 'd', 'e'] }));
      for (const n of sim.nodes()) {
        expect(n.electionTimeout).toBeGreaterThanOrEqual(T);
        expect(n.electionTimeout).toBeLessThan(2 * T);
        seen.add(n.electionTimeout);
      }
    }
    expect(seen.size).toBeGreaterThan(150);
  });

  // "A candidate wins an election if it receives votes from a majority of the servers in the full cluster
  // for the same term. [...] Once a candidate wins an election, it becomes leader. It then sends heartbeat
  // messages to all of the other servers to establish its authority and prevent new elections."
  // Reference: section 5.2
  it('a candidate with a majority becomes leader and sends heartbeats every heartbeat interval', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    const l = electLeader(sim);
    const events = collect(sim);
    run(sim, 1000);
    const hb = events.filter((e) => e.type === 'send' && e.msg.heartbeat && e.msg.from === l.id);
    expect(hb.length).toBe(10 * 4); // 10 heartbeat rounds in 1 s, to 4 followers
    expect(sim.nodes().filter((n) => n.role === 'leader').map((n) => n.id)).toEqual([l.id]);
    for (const n of sim.nodes()) {
      expect(n.term).toBe(l.term);
      expect(n.leader).toBe(l.id);
    }
  });

  // "Each server will vote for at most one candidate in a given term, on a first-come-first-served basis."
  // Reference: section 5.2
  it('each server grants at most one vote per term, and at most one leader is elected per term', () => {
    for (let seed = 1; seed <= 40; seed++) {
      // Tight timeouts and PreVote off make split votes frequent.
      const sim = new Simulation(
        scenario({ seed, members: ['a', 'b', 'c', 'd'], timing: { heartbeatMs: 50, electionTimeoutMs: 100, latencyMs: [5, 40], requestTimeoutMs: 5000 }, features: { preVote: false, checkQuorum: false } }),
      );
      const events = collect(sim);
      sim.advanceTo(3000);
      const granted = new Map<string, string>();
      for (const e of events) {
        if (e.type !== 'vote' || e.prevote || !e.granted) continue;
        const k = `${e.from}@${e.term}`;
        const o = granted.get(k);
        if (o !== undefined) expect(o).toBe(e.to);
        granted.set(k, e.to);
      }
      expect(safetyViolations(sim.trace())).toEqual([]);
    }
  });

  // "Raft uses randomized election timeouts to ensure that split votes are rare and that they are resolved
  // quickly."
  // Reference: section 5.2
  it('a leader is elected within a few election timeouts, whatever the seed', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const sim = new Simulation(scenario({ seed, members: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }));
      electLeader(sim, 6 * T);
    }
  });

  // "If the leader crashes [...] followers time out and a new leader is elected."
  // Reference: section 5.2
  it('after the leader crashes, a new leader is elected in a higher term and writes succeed again', () => {
    const sim = new Simulation(scenario());
    const l1 = electLeader(sim);
    sim.apply({ action: 'crash', node: 'leader' });
    const l2 = electLeader(sim);
    expect(l2.id).not.toBe(l1.id);
    expect(l2.term).toBeGreaterThan(l1.term);
    run(sim, 50); // let the followers hear from the new leader
    const id = sim.apply({ action: 'put', key: 'k', value: 'v' });
    run(sim, 100);
    expect(op(sim, id)?.status).toBe('ok');
  });
});

describe('5.3 Log replication', () => {
  // "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs in parallel to
  // each of the other servers to replicate the entry. When the entry has been safely replicated, the leader
  // applies the entry to its state machine and returns the result of that execution to the client."
  // Reference: section 5.3
  it('a put is appended, replicated, committed by a majority, applied everywhere, then answered', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    run(sim, 200);
    const id = sim.apply({ action: 'put', key: 'k1', value: 'v1', node: l.id });
    const ld = sim.node(l.id)!;
    expect(ld.log.at(-1)).toEqual({ index: 2, term: l.term, entry: { kind: 'put', key: 'k1', value: 'v1' } });
    expect(ld.commitIndex).toBe(1); // not yet: no follower has it
    expect(op(sim, id)?.status).toBe('pending');
    run(sim, 300);
    expect(op(sim, id)?.status).toBe('ok');
    for (const n of sim.nodes()) {
      expect(n.commitIndex).toBe(2);
      expect(n.lastApplied).toBe(2);
      expect(n.kv.k1).toEqual({ value: 'v1', createRevision: 2, modRevision: 2, version: 1 });
    }
  });

  // "A log entry is committed once the leader that created the entry has replicated it on a majority of
  // the servers." — one follower down does not stop a 3-node cluster; two do.
  // Reference: section 5.3
  it('commits with a majority up, and never without one', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    const followers = sim.nodes().filter((n) => n.id !== l.id);
    sim.apply({ action: 'crash', node: followers[0].id });
    const a = sim.apply({ action: 'put', key: 'k', value: 'a', node: l.id });
    run(sim, 100);
    expect(op(sim, a)?.status).toBe('ok');
    sim.apply({ action: 'crash', node: followers[1].id });
    const b = sim.apply({ action: 'put', key: 'k', value: 'b', node: l.id });
    run(sim, 6000);
    expect(op(sim, b)?.status).toBe('info');
    expect(sim.node(l.id)!.commitIndex).toBe(2);
    expect(lines(sim, 'apply').some((x) => x.entry.kind === 'put' && x.entry.value === 'b')).toBe(false);
  });

  // "When sending an AppendEntries RPC, the leader includes the index and term of the entry in its log that
  // immediately precedes the new entries. If the follower does not find an entry in its log with the same
  // index and term, then it refuses the new entries. [...] the leader handles inconsistencies by forcing the
  // followers' logs to duplicate its own."
  // Reference: section 5.3
  it('a deposed leader\'s uncommitted entry is overwritten by the new leader\'s log', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    const old = electLeader(sim);
    run(sim, 300);
    const others = sim.nodes().filter((n) => n.id !== old.id).map((n) => n.id);
    sim.apply({ action: 'partition', groups: [[old.id, others[0]], others.slice(1)] });
    const lost = sim.apply({ action: 'put', key: 'k', value: 'lost', node: old.id });
    run(sim, 6 * T);
    const nl = leader(sim)!;
    expect(others.slice(1)).toContain(nl.id);
    const kept = sim.apply({ action: 'put', key: 'k', value: 'kept', node: nl.id });
    run(sim, 200);
    sim.apply({ action: 'heal' });
    run(sim, 3 * T);
    expect(op(sim, kept)?.status).toBe('ok');
    expect(op(sim, lost)?.status).toBe('info');
    const logs = sim.nodes().map((n) => JSON.stringify(n.log));
    expect(new Set(logs).size).toBe(1);
    expect(logs[0]).not.toContain('"lost"');
    expect(sim.nodes().every((n) => n.kv.k.value === 'kept')).toBe(true);
  });

  // Fast backtracking (the paper's "the follower can include the term of the conflicting entry and the
  // first index it stores for that term", as etcd's reject hint): a follower that missed many entries
  // catches up in at most two round trips of rejection, not one per missing entry.
  // Reference: section 5.3
  it('a follower far behind catches up with at most two rejected AppendEntries', () => {
    const sim = new Simulation(scenario({ snapshotEntries: 100000 }));
    const l = electLeader(sim);
    const f = sim.nodes().find((n) => n.id !== l.id)!;
    sim.apply({ action: 'crash', node: f.id });
    for (let i = 0; i < 200; i++) {
      sim.apply({ action: 'put', key: `k${i % 7}`, value: `v${i}`, node: l.id });
      run(sim, 5);
    }
    run(sim, 100);
    const events = collect(sim);
    sim.apply({ action: 'restart', node: f.id });
    run(sim, 2000);
    const rejects = events.filter((e) => e.type === 'deliver' && e.msg.type === 'AppendEntriesResponse' && e.msg.from === f.id && e.msg.success === false);
    expect(rejects.length).toBeLessThanOrEqual(2);
    expect(sim.node(f.id)!.lastIndex).toBe(sim.node(l.id)!.lastIndex);
    expect(sim.node(f.id)!.commitIndex).toBe(sim.node(l.id)!.commitIndex);
  });

  // "The leader [...] includes the highest index it knows to be committed in future AppendEntries RPCs
  // (including heartbeats) so that the other servers eventually find out."
  // Reference: section 5.3
  it('followers learn the commit index from the leader and apply in log order', () => {
    const sim = new Simulation(scenario());
    electLeader(sim);
    for (let i = 0; i < 5; i++) sim.apply({ action: 'put', key: 'k', value: `v${i}` });
    run(sim, 500);
    for (const n of sim.nodes()) {
      const applies = lines(sim, 'apply').filter((a) => a.node === n.id).map((a) => a.index);
      expect(applies).toEqual([1, 2, 3, 4, 5, 6]);
      expect(n.kv.k).toMatchObject({ value: 'v4', version: 5 });
    }
  });
});

describe('5.4 Safety', () => {
  // "Raft uses the voting process to prevent a candidate from winning an election unless its log contains
  // all committed entries. [...] the voter denies its vote if its own log is more up-to-date than that of
  // the candidate."
  // Reference: section 5.4.1
  it('a candidate whose log lacks committed entries cannot win; the up-to-date follower does', () => {
    const sim = new Simulation(scenario({ features: { preVote: false, checkQuorum: false } }));
    const l = electLeader(sim);
    const [behind, ahead] = sim.nodes().filter((n) => n.id !== l.id).map((n) => n.id);
    sim.apply({ action: 'crash', node: behind });
    const put = sim.apply({ action: 'put', key: 'k', value: 'committed', node: l.id });
    run(sim, 100);
    expect(op(sim, put)?.status).toBe('ok');
    const events = collect(sim);
    sim.apply({ action: 'crash', node: l.id });
    sim.apply({ action: 'restart', node: behind });
    run(sim, 10 * T);
    const nl = leader(sim)!;
    expect(nl.id).toBe(ahead);
    expect(nl.kv.k.value).toBe('committed');
    const refused = events.filter((e) => e.type === 'vote' && e.from === ahead && e.to === behind && !e.granted);
    if (refused.length > 0) expect(refused.every((e) => e.type === 'vote' && e.reason === 'log-behind')).toBe(true);
    expect(lines(sim, 'role').filter((r) => r.node === behind && r.role === 'leader')).toEqual([]);
  });

  // "Raft never commits log entries from previous terms by counting replicas. Only log entries from the
  // leader's current term are committed by counting replicas" (figure 8). A new leader commits the old
  // entries only through the no-op of its own term.
  // Reference: section 5.4.2
  it('a leader only ever advances its commit index to an entry of its current term', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const events = [];
      for (let t = 1500; t < 15000; t += 700) {
        events.push({ at: t, action: 'put', key: 'k', value: `v${t}` });
        if (t % 2100 === 0) events.push({ at: t + 1, action: 'crash', node: 'leader' });
        if (t % 2100 === 700) events.push({ at: t, action: 'restart', node: ['n1', 'n2', 'n3', 'n4', 'n5'][seed % 5] });
      }
      const sim = new Simulation(scenario({ seed, members: ['n1', 'n2', 'n3', 'n4', 'n5'], network: { dropRate: 0.05, duplicateRate: 0.05 }, events: events as never }));
      const term = new Map<string, { role: string; term: number }>();
      sim.subscribe((e) => {
        if (e.type === 'role') term.set(e.node, { role: e.role, term: e.term });
        if (e.type === 'commit') {
          const r = term.get(e.node);
          if (r?.role === 'leader') expect(e.term).toBe(r.term);
        }
      });
      sim.advanceTo(20000);
      expect(safetyViolations(sim.trace())).toEqual([]);
    }
  });

  // "If a server has applied a log entry at a given index to its state machine, no other server will ever
  // apply a different log entry for the same index." (State Machine Safety), with crashes, loss,
  // duplication and partitions.
  // Reference: section 5.4.3
  it('no two nodes ever apply different entries at the same index', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const ev: object[] = [];
      for (let t = 1000; t < 20000; t += 250) ev.push({ at: t, action: 'put', key: `k${t % 3}`, value: `v${t}` });
      ev.push({ at: 4000, action: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] });
      ev.push({ at: 8000, action: 'heal' }, { at: 9000, action: 'crash', node: 'leader' }, { at: 12000, action: 'restart', node: 'n1' });
      ev.push({ at: 12000, action: 'restart', node: 'n2' }, { at: 12000, action: 'restart', node: 'n3' }, { at: 12000, action: 'restart', node: 'n4' }, { at: 12000, action: 'restart', node: 'n5' });
      const sim = new Simulation(scenario({ seed, members: ['n1', 'n2', 'n3', 'n4', 'n5'], network: { dropRate: 0.1, duplicateRate: 0.1 }, events: ev as never, until: 25000 }));
      sim.run();
      expect(safetyViolations(sim.trace())).toEqual([]);
      // Log matching on the final logs.
      const fin = sim.finalLine();
      if (fin.type !== 'final') throw new Error('final');
      const byIndex = new Map<number, string>();
      for (const n of Object.values(fin.nodes))
        for (const e of n.log) {
          const k = `${e.term}:${JSON.stringify(e.entry)}`;
          const o = byIndex.get(e.index);
          if (o !== undefined && o.split(':')[0] === String(e.term)) expect(o).toBe(k);
          byIndex.set(e.index, k);
        }
    }
  });
});

describe('5.5 Follower and candidate crashes / 5.6 timing', () => {
  // "If a follower or candidate crashes, then future RequestVote and AppendEntries RPCs sent to it will
  // fail. [...] If the crashed server restarts, then the RPC will complete successfully." Persistent state
  // (term, vote, log) survives; volatile state (commit index, applied state) is rebuilt.
  // Reference: section 5.5
  it('a restarted node keeps its term, vote and log, and re-applies from its snapshot', () => {
    const sim = new Simulation(scenario());
    const l = electLeader(sim);
    sim.apply({ action: 'put', key: 'k', value: 'v' });
    run(sim, 300);
    const f = sim.nodes().find((n) => n.id !== l.id)!;
    sim.apply({ action: 'crash', node: f.id });
    const down = sim.node(f.id)!;
    sim.apply({ action: 'restart', node: f.id });
    const back = sim.node(f.id)!;
    expect([back.term, back.votedFor, back.log]).toEqual([down.term, down.votedFor, down.log]);
    expect(back.commitIndex).toBe(0);
    expect(back.kv).toEqual({});
    run(sim, 300);
    expect(sim.node(f.id)!.kv.k.value).toBe('v');
  });
});

describe('5.3 Log replication: a follower back from a crash', () => {
  // "If followers crash or run slowly, or if network packets are lost, the leader retries AppendEntries RPCs
  // indefinitely [...] until all followers eventually store all log entries." Here the appends sent while
  // the follower was down were lost, and the leader had optimistically moved its nextIndex past them.
  // Reference: section 5.3
  it('a follower that missed appends while down catches up after its restart', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const sim = new Simulation(scenario({ seed }));
      const l = electLeader(sim);
      run(sim, 500);
      const f = sim.nodes().find((n) => n.id !== l.id)!.id;
      sim.apply({ action: 'crash', node: f });
      run(sim, 500);
      sim.apply({ action: 'put', key: 'x', value: '1', node: l.id });
      run(sim, 500);
      sim.apply({ action: 'put', key: 'y', value: '2', node: l.id });
      run(sim, 1500);
      sim.apply({ action: 'restart', node: f });
      run(sim, 1000);
      expect(sim.node(f)).toMatchObject({ commitIndex: 3, lastApplied: 3, kv: { x: { value: '1' }, y: { value: '2' } } });
    }
  });
});
