// Issue 20 item 1 (engine side): every election has a cause on the event stream (timeout, pre-vote, transfer),
// a check-quorum step-down says so, a hand-over is an event at the moment TimeoutNow leaves, and subscribers get
// events in the order they happen.
import { describe, expect, it } from 'vitest';
import { Simulation, type SimEvent } from '../../../src/raft/index';
import { T, collect, electLeader, run, scenario } from './helpers';

type Ev<K extends SimEvent['type']> = Extract<SimEvent, { type: K }>;

function inOrder(events: SimEvent[]): void {
  for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
}

/** Index of the first event matching `pred` at or after `from`. */
function find(events: SimEvent[], pred: (e: SimEvent) => boolean, from = 0): number {
  for (let i = from; i < events.length; i++) if (pred(events[i])) return i;
  return -1;
}

describe('election causes on the event stream', () => {
  it('election timeout (PreVote off): timeout kind election, then candidate, then leader', () => {
    const sim = new Simulation(scenario({ features: { preVote: false, checkQuorum: false } }));
    const ev = collect(sim);
    const l = electLeader(sim);
    inOrder(ev);
    const won = find(ev, (e) => e.type === 'role' && e.role === 'leader');
    const to = find(ev, (e) => e.type === 'timeout' && e.node === l.id && e.term === l.term - 1);
    expect(to).toBeGreaterThanOrEqual(0);
    expect((ev[to] as Ev<'timeout'>).kind).toBe('election');
    const cand = find(ev, (e) => e.type === 'role' && e.node === l.id && e.role === 'candidate', to);
    expect(to).toBeLessThan(cand);
    expect(cand).toBeLessThan(won);
    expect(ev.some((e) => e.type === 'timeout' && e.kind !== 'election')).toBe(false);
  });

  it('pre-vote: timeout kind prevote, then precandidate, then candidate, then leader', () => {
    const sim = new Simulation(scenario({ features: { preVote: true, checkQuorum: true } }));
    const ev = collect(sim);
    const l = electLeader(sim);
    inOrder(ev);
    const to = find(ev, (e) => e.type === 'timeout' && e.node === l.id);
    expect((ev[to] as Ev<'timeout'>).kind).toBe('prevote');
    const pre = find(ev, (e) => e.type === 'role' && e.node === l.id && e.role === 'precandidate', to);
    const cand = find(ev, (e) => e.type === 'role' && e.node === l.id && e.role === 'candidate', pre);
    const won = find(ev, (e) => e.type === 'role' && e.node === l.id && e.role === 'leader', cand);
    expect(pre).toBeGreaterThan(to);
    expect(won).toBeGreaterThan(cand);
  });

  it('transfer: the leader hands over (transfer event when TimeoutNow leaves), the target times out with kind transfer, and the hand-over comes before the new leader wins', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = new Simulation(scenario({ seed }));
      const l = electLeader(sim);
      run(sim, 500);
      const target = ['n1', 'n2', 'n3'].find((x) => x !== l.id)!;
      const ev = collect(sim);
      sim.apply({ action: 'transferLeader', node: target });
      run(sim, 2 * T);
      inOrder(ev);
      const tr = find(ev, (e) => e.type === 'transfer');
      expect(ev[tr]).toMatchObject({ type: 'transfer', from: l.id, to: target, term: l.term });
      const sent = find(ev, (e) => e.type === 'send' && e.msg.type === 'TimeoutNow');
      expect(sent).toBe(tr + 1); // the event is emitted as the message leaves
      const to = find(ev, (e) => e.type === 'timeout' && e.node === target);
      expect(ev[to]).toMatchObject({ kind: 'transfer' });
      const won = find(ev, (e) => e.type === 'role' && e.role === 'leader');
      expect(ev[won]).toMatchObject({ node: target, term: l.term + 1 });
      expect(tr).toBeLessThan(to);
      expect(to).toBeLessThan(won);
      expect(ev.some((e) => e.type === 'timeout' && e.kind !== 'transfer')).toBe(false); // no timer ran out
      const down = find(ev, (e) => e.type === 'stepdown' && e.node === l.id);
      expect(ev[down]).toMatchObject({ reason: 'transfer' });
    }
  });

  it('check-quorum: a leader cut off from the majority steps down with reason check-quorum', () => {
    const sim = new Simulation(scenario({ members: ['n1', 'n2', 'n3', 'n4', 'n5'] }));
    const l = electLeader(sim);
    run(sim, 300);
    const ev = collect(sim);
    sim.apply({ action: 'partition', groups: [[l.id], ['n1', 'n2', 'n3', 'n4', 'n5'].filter((x) => x !== l.id)] });
    run(sim, 3 * T);
    inOrder(ev);
    const down = find(ev, (e) => e.type === 'stepdown' && e.node === l.id);
    expect(ev[down]).toMatchObject({ reason: 'check-quorum', term: l.term });
    expect(ev[down].t - ev[0].t).toBeLessThanOrEqual(2 * T);
  });

  it('a subscriber that acts from its callback does not reorder what the others receive', () => {
    const sim = new Simulation(scenario());
    const a: SimEvent[] = [];
    const b: SimEvent[] = [];
    let done = false;
    sim.subscribe((e) => {
      a.push(e);
      if (!done && e.type === 'role' && e.role === 'leader') {
        done = true;
        sim.apply({ action: 'put', key: 'k', value: 'v' }); // causes invoke, send… while `leader` is being told
      }
    });
    sim.subscribe((e) => b.push(e));
    electLeader(sim);
    run(sim, 200);
    expect(b.map((e) => e.type)).toEqual(a.map((e) => e.type));
    const won = b.findIndex((e) => e.type === 'role' && e.role === 'leader');
    const inv = b.findIndex((e) => e.type === 'invoke');
    expect(won).toBeLessThan(inv);
    inOrder(b);
  });
});
