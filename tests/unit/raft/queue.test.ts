// The engine's event queue, operation history and trace store (queue.ts and its heap.ts, the request-deadline queue, ophistory.ts,
// tracestore.ts): what a learner relies on through them is order (events run in time order, ties in the order
// they were scheduled), time travel (a seek lands on the state the run had, whatever was shared between
// checkpoints) and a trace that reads back as it was written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapPop, heapPush, newHeap } from '../../../src/raft/heap';
import { copyQueue, firstSeq, newQueue, queuedEvents, queuePop, queuePush, queueTime, RING } from '../../../src/raft/queue';
import { newOpHistory, opsOf, pushOp, setOp, shareOpHistory } from '../../../src/raft/ophistory';
import { Simulation, Timeline, type OpView, type Scenario, type ScenarioEvent } from '../../../src/raft/index';
import { newSimState, type SimState } from '../../../src/raft/state';

describe('event heap', () => {
  it('pops by time, then in the order pushed, whatever the pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(-1)), { maxLength: 300, size: 'max' }), (ops) => {
        const h = newHeap<{ t: number; seq: number }>();
        const ref: { t: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o >= 0) {
            const e = { t: o, seq: ++seq };
            heapPush(h, e.t, e.seq, e);
            ref.push(e);
          } else {
            ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
            expect(heapPop(h)).toBe(ref.shift());
          }
        }
        ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
        for (const e of ref) expect(heapPop(h)).toBe(e);
        expect(heapPop(h)).toBeUndefined();
      }),
    );
  });
});

describe('event queue (a ring of millisecond buckets, a heap beyond it)', () => {
  type E = { t: number; seq: number };
  const byOrder = (a: E, b: E) => a.t - b.t || a.seq - b.seq;
  // An op: a push `ahead` ms from the clock (past it when negative, beyond the ring when over RING), or a pop (null),
  // which moves the clock to the popped event's time, as the engine does; or a copy, after which the copy gets the
  // same ops as the queue.
  const op = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: RING - 3, max: 3 * RING }) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: -1 }) },
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant('copy' as const) },
  );
  it('pops by time, then in the order pushed, across the ring, the heap and copies, whatever the pushes and pops', () => {
    fc.assert(
      // size 'max': else fast-check keeps arrays to about 10 ops, too few to fill a bucket list or run the ring round.
      fc.property(fc.array(op, { maxLength: 400, size: 'max' }), fc.integer({ min: 0, max: 5000 }), (ops, start) => {
        let q = newQueue<E>();
        let now = start;
        let seq = 0;
        const ref: E[] = [];
        let copy: { q: ReturnType<typeof newQueue<E>>; now: number } | null = null;
        for (const o of ops) {
          if (o === 'copy') {
            // As a Timeline does: a checkpoint, restored (copied again) to run.
            const cp = copyQueue(q, 'checkpoint', now);
            expect(new Set(queuedEvents(cp))).toEqual(new Set(ref));
            copy = { q: copyQueue(cp, 'restore', now), now };
            continue;
          }
          if (o === null) {
            ref.sort(byOrder);
            expect(queueTime(q)).toBe(ref.length > 0 ? ref[0].t : Infinity);
            const e = queuePop(q);
            expect(e).toBe(ref.shift());
            if (e !== undefined && e.t > now) now = e.t;
          } else {
            const e = { t: now + o, seq: ++seq };
            queuePush(q, now, e.t, e.seq, e);
            ref.push(e);
          }
          expect(new Set(queuedEvents(q))).toEqual(new Set(ref));
          // What the engine compares with a request deadline due at the same time.
          if (ref.length > 0) expect(firstSeq(q)).toBe([...ref].sort(byOrder)[0].seq);
        }
        ref.sort(byOrder);
        for (const e of ref) expect(queuePop(q)).toBe(e);
        expect(queuePop(q)).toBeUndefined();
        expect(queueTime(q)).toBe(Infinity);
        // The copy kept what was queued when it was taken, and the drain above did not touch it; it runs on as
        // the queue would, new pushes included.
        if (copy !== null) {
          const left = queuedEvents(copy.q).sort(byOrder);
          const pushed = { t: copy.now + 2, seq: ++seq };
          queuePush(copy.q, copy.now, pushed.t, pushed.seq, pushed);
          for (const e of [...left, pushed].sort(byOrder)) expect(queuePop(copy.q)).toBe(e);
          expect(queuePop(copy.q)).toBeUndefined();
        }
        q = newQueue<E>();
        expect(queuedEvents(q)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a checkpoint taken in the middle of a millisecond, restored, runs the rest of it and the same pushes after as the original does', () => {
    const q = newQueue<E>();
    let seq = 0;
    const push = (to: typeof q, now: number, t: number) => {
      const e = { t, seq: ++seq };
      queuePush(to, now, t, e.seq, e);
      return e;
    };
    const a = [push(q, 0, 10), push(q, 0, 10), push(q, 0, 10), push(q, 0, 12), push(q, 0, 10 + RING)];
    expect(queuePop(q)).toBe(a[0]);
    const c = copyQueue(copyQueue(q, 'checkpoint', 10), 'restore', 10);
    // Now 10: one due now and one due a whole ring ahead, whose bucket would be the one being run.
    const later = { t: 10, seq: ++seq };
    const aRingAhead = { t: 10 + RING, seq: ++seq };
    for (const x of [q, c]) {
      queuePush(x, 10, 10, later.seq, later);
      queuePush(x, 10, 10 + RING, aRingAhead.seq, aRingAhead);
    }
    for (const x of [q, c]) {
      const popped = Array.from({ length: 7 }, () => queuePop(x));
      expect(popped).toEqual([a[1], a[2], later, a[3], a[4], aRingAhead, undefined]);
    }
  });

  it('a restore keeps a tie between an event of the heap and one of the ring in the order they were pushed', () => {
    const q = newQueue<E>();
    const due = RING + 5;
    const start = { t: 10, seq: 1 };
    const early = { t: due, seq: 2 }; // pushed at 0: beyond the ring, into the heap
    const late = { t: due, seq: 3 }; // pushed at 10: in the ring
    queuePush(q, 0, start.t, start.seq, start);
    queuePush(q, 0, early.t, early.seq, early);
    expect(queuePop(q)).toBe(start);
    queuePush(q, 10, late.t, late.seq, late);
    const c = copyQueue(copyQueue(q, 'checkpoint', 10), 'restore', 10);
    for (const x of [q, c]) expect([queuePop(x), queuePop(x), queuePop(x)]).toEqual([early, late, undefined]);
  });
});

describe('simulation state records', () => {
  // Every field of SimState: the type below stops compiling when SimState gains a field this list lacks.
  const FIELDS = ['now', 'seq', 'processed', 'msgId', 'opSeq', 'rng', 'queue', 'timeouts', 'scenIdx', 'nodes', 'order', 'byIx', 'dropRate',
    'duplicateRate', 'latency', 'groups', 'groupOf', 'preVote', 'checkQuorum', 'open', 'all', 'clientLeader', 'clientEndpoints',
    'waiting', 'lastConfigApplied', 'injected', 'traceLen'] as const;
  const exhaustive: Exclude<keyof SimState, (typeof FIELDS)[number]> extends never ? true : never = true;
  it('newSimState carries every field (a field its constructor forgets would be lost by every checkpoint and seek)', () => {
    expect(exhaustive).toBe(true);
    const f = Object.fromEntries(FIELDS.map((k) => [k, { field: k }])) as unknown as SimState;
    const s = newSimState(f);
    for (const k of FIELDS) expect(s[k], k).toBe(f[k]);
    expect(Object.keys(s).sort()).toEqual([...FIELDS].sort());
  });
});

describe('operation history shared by checkpoints', () => {
  const op = (n: number, status: OpView['status']): OpView => ({ op: n, client: 'c', f: 'put', key: 'k', node: null, invokedAt: 0, status });
  it('a copy and its source never see each other’s later writes', () => {
    const live = newOpHistory();
    for (let i = 1; i <= 600; i++) pushOp(live, op(i, 'pending'));
    const cp = shareOpHistory(live);
    setOp(live, 599, op(600, 'ok'));
    setOp(live, 3, op(4, 'fail'));
    pushOp(live, op(601, 'pending'));
    const back = shareOpHistory(cp);
    setOp(back, 599, op(600, 'info'));
    expect(opsOf(cp).map((o) => o.status).filter((s) => s !== 'pending')).toEqual([]);
    expect(opsOf(cp)).toHaveLength(600);
    expect(opsOf(live)[599].status).toBe('ok');
    expect(opsOf(live)[3].status).toBe('fail');
    expect(opsOf(live)).toHaveLength(601);
    expect(opsOf(back)[599].status).toBe('info');
  });
});

describe('a long recording (thousands of requests and deadlines)', () => {
  // 5 voters, a put every 10 ms, a member down 1 s in every 2: about 6,000 requests, some of which time out.
  const members = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const events: ScenarioEvent[] = [];
  for (let t = 1000; t < 60_000; t += 10) events.push({ at: t, action: 'put', key: `k${t % 97}`, value: `v${t}` });
  for (let t = 2000, i = 0; t < 60_000; t += 2000, i++) events.push({ at: t, action: 'crash', node: members[i % 5] }, { at: t + 1000, action: 'restart', node: members[i % 5] });
  const s: Scenario = {
    seed: 42, members, learners: [], until: 60_000, events,
    timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
    features: { preVote: true, checkQuorum: true }, network: { dropRate: 0.01, duplicateRate: 0 },
  };
  it('seeks anywhere land on the very state of a straight run, ops and trace included', () => {
    const tl = new Timeline(s, { checkpointEveryMs: 2000 });
    tl.advanceTo(60_000);
    expect(tl.sim.ops().length).toBeGreaterThan(5000);
    expect(tl.sim.ops().some((o) => o.status === 'info' || o.status === 'fail')).toBe(true);
    for (const t of [41_337, 3_210, 59_999, 17_050, 600]) {
      tl.seek(t);
      const straight = new Simulation(s);
      straight.advanceTo(t);
      expect(JSON.stringify(tl.sim.ops())).toBe(JSON.stringify(straight.ops()));
      expect(tl.sim.trace().length).toBe(straight.trace().length);
      expect(JSON.stringify(tl.sim.nodes())).toBe(JSON.stringify(straight.nodes()));
      expect(tl.sim.stats()).toEqual(straight.stats());
    }
  });
});

describe('logs shared with checkpoints', () => {
  it('a log cut after a checkpoint (a deposed leader\'s unreplicated entries) leaves that checkpoint whole: seeking back lands on the straight run', () => {
    const base: Scenario = {
      seed: 3, members: ['n1', 'n2', 'n3'], learners: [], until: 9000, events: [],
      timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
      features: { preVote: true, checkQuorum: true }, network: { dropRate: 0, duplicateRate: 0 },
    };
    const probe = new Simulation(base);
    probe.advanceTo(1500);
    const lead = probe.nodes().find((n) => n.role === 'leader')?.id as string;
    const others = base.members.filter((id) => id !== lead);
    const events: ScenarioEvent[] = [{ at: 1600, action: 'partition', groups: [[lead], others] } as ScenarioEvent];
    for (let t = 1650; t <= 1900; t += 50) events.push({ at: t, action: 'put', key: 'k', value: `stale${t}`, node: lead });
    for (let t = 3500; t <= 4500; t += 100) events.push({ at: t, action: 'put', key: 'k', value: `new${t}`, node: 'leader' });
    events.push({ at: 5000, action: 'heal' } as ScenarioEvent);
    const s: Scenario = { ...base, events };
    const valuesOf = (sim: Simulation, id: string) =>
      (sim.nodes().find((n) => n.id === id)?.log ?? []).map((e) => (e.entry.kind === 'put' ? e.entry.value : ''));
    const before = new Simulation(s);
    before.advanceTo(4800);
    expect(valuesOf(before, lead)).toContain('stale1700'); // appended by the deposed leader alone
    const tl = new Timeline(s, { checkpointEveryMs: 500 });
    tl.advanceTo(9000);
    expect(valuesOf(tl.sim, lead)).not.toContain('stale1700'); // cut when it heard the new leader
    expect(valuesOf(tl.sim, lead)).toContain('new4500');
    for (const t of [2100, 4800, 3000, 8000, 1700]) {
      tl.seek(t);
      const straight = new Simulation(s);
      straight.advanceTo(t);
      expect(JSON.stringify(tl.sim.nodes()), `seek ${t}`).toBe(JSON.stringify(straight.nodes()));
    }
  });
});

describe('views read every frame', () => {
  it('nodes() read every 20 virtual ms stays what a fresh read says, through crashes, lost entries and snapshots; reusing delivered messages changes nothing', () => {
    const events: ScenarioEvent[] = [];
    for (let t = 500; t < 20_000; t += 37) events.push({ at: t, action: 'put', key: `k${t % 13}`, value: `v${t}` });
    for (let t = 3000; t < 20_000; t += 4000) events.push({ at: t, action: 'partition', groups: [['n1'], ['n2', 'n3']] } as ScenarioEvent, { at: t + 1500, action: 'heal' } as ScenarioEvent);
    for (let t = 2000; t < 20_000; t += 5000) events.push({ at: t, action: 'delete', key: 'k1' });
    const s: Scenario = {
      seed: 7, members: ['n1', 'n2', 'n3'], learners: [], until: 20_000, events, snapshotEntries: 40,
      timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
      features: { preVote: true, checkQuorum: true }, network: { dropRate: 0.05, duplicateRate: 0.02 },
    } as Scenario;
    const read = new Simulation(s);
    let checked = 0;
    for (let t = 20; t <= 20_000; t += 20) {
      read.advanceTo(t);
      const seen = read.nodes();
      if (t % 2000 === 0) {
        const fresh = new Simulation(s);
        fresh.advanceTo(t);
        expect(JSON.stringify(seen)).toBe(JSON.stringify(fresh.nodes()));
        checked++;
      }
    }
    expect(checked).toBe(10);
    expect(read.trace().some((l) => l.type === 'snapshot')).toBe(true);

    // A Simulation gives its delivered messages back for reuse; a Timeline (whose checkpoints share the queue)
    // does not. Through losses, duplicates, partitions and snapshots, both runs stay the same run.
    const kept = new Timeline(s, { checkpointEveryMs: 1000 });
    kept.advanceTo(20_000);
    expect(JSON.stringify(kept.sim.nodes())).toBe(JSON.stringify(read.nodes()));
    expect(JSON.stringify(kept.sim.ops())).toBe(JSON.stringify(read.ops()));
    expect(JSON.stringify(kept.sim.trace())).toBe(JSON.stringify(read.trace()));
    expect(kept.sim.stats()).toEqual(read.stats());
  });
});

describe('the trace kept in columns', () => {
  it('reads back, line for line and field for field, what a subscriber and a streaming writer saw, across reads and seeks', () => {
    const events: ScenarioEvent[] = [];
    for (let t = 500; t < 12_000; t += 53) events.push({ at: t, action: t % 3 === 0 ? 'get' : 'put', key: `k${t % 7}`, value: `v${t}` } as ScenarioEvent);
    events.push({ at: 4000, action: 'crash', node: 'leader' }, { at: 6000, action: 'restart', node: 'n1' }, { at: 7000, action: 'delete', key: 'k1' });
    const s: Scenario = {
      seed: 11, members: ['n1', 'n2', 'n3'], learners: [], until: 12_000, events, snapshotEntries: 30,
      timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
      features: { preVote: true, checkQuorum: true }, network: { dropRate: 0.05, duplicateRate: 0.02 },
    } as Scenario;
    const streamed: string[] = [];
    const told: string[] = [];
    const tl = new Timeline(s, { onLine: (l) => streamed.push(JSON.stringify(l)) });
    tl.sim.subscribe((e) => {
      if ('t' in e && ['role', 'commit', 'snapshot', 'apply', 'ok', 'invoke', 'fail', 'info', 'crash', 'restart'].includes(e.type)) told.push(JSON.stringify(e));
    });
    tl.advanceTo(5000);
    const early = tl.sim.trace().length; // read half-way: the rest is still kept in columns
    tl.advanceTo(12_000);
    const lines = tl.sim.trace().map((l) => JSON.stringify(l));
    expect(early).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(early);
    expect(lines).toEqual(streamed.slice(0, lines.length));
    expect(told.length).toBeGreaterThan(500);
    expect(told.every((l) => lines.includes(l))).toBe(true);
    for (const type of ['apply', 'commit', 'snapshot', 'ok']) expect(lines.some((l) => l.includes(`"type":"${type}"`))).toBe(true);
    // Back to 3 s, then forward again over the recording: the same lines.
    tl.seek(3000);
    expect(tl.sim.trace().map((l) => JSON.stringify(l))).toEqual(lines.slice(0, tl.sim.trace().length));
    tl.advanceTo(12_000);
    expect(tl.sim.trace().map((l) => JSON.stringify(l))).toEqual(lines);
  });
});
