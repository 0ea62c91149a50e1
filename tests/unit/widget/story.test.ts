// Issue 13 items 2, 4 and 9 on the widget's model: the scenario's script yields to the learner, the pace keeps
// every lesson moment a few seconds away, "skip the wait" lands on the next thing that happens, and replaying a
// share link is silent, bounded and sliced.
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../../src/widgets/cluster/cluster.svelte';
import { pace, RATE } from '../../../src/widgets/cluster/pace';
import { getExample } from '../../../src/scenarios';
import type { Scenario } from '../../../src/raft';
import fr from '../../../src/i18n/fr.json';
import { scenario } from './helpers';

const strings = fr as Record<string, string>;

/** Screen time (wall ms at 1×) until `pred` holds. */
function wallUntil(m: ClusterModel, pred: () => boolean, max = 120_000): number {
  let w = 0;
  for (; w < max && !pred(); w += 16) m.advanceWall(16);
  return w;
}

describe('the script yields to the learner (item 2)', () => {
  it('the first action drops the scripted future, says so, and marks the scenario lines', () => {
    const m = new ClusterModel(getExample('worked-example-3')!, strings, 1, true);
    expect(m.scriptAhead).toBe(true);
    m.runUntil(() => m.now >= 3500); // the scripted put at 3 s has run
    expect(m.lines.some((l) => l.scripted && l.text.includes('put'))).toBe(true);
    const leader = m.quorum.leader!;
    m.apply({ action: 'crash', node: leader }); // the learner does what the text suggests, before the script
    expect(m.tookOver).toBe(true);
    expect(m.lines.at(-1)!.scripted).toBeFalsy();
    // The script would stop "the leader" at 4 s, and write at 9 s: none of that happens now.
    m.runUntil(() => false, 12_000);
    const crashes = m.lines.filter((l) => l.kind === 'fault');
    expect(crashes).toHaveLength(1);
    expect(m.quorum.hasQuorum).toBe(true);
    expect(m.ops.filter((o) => o.invokedAt > 4000)).toHaveLength(0);
    // Replaying the story brings the script back.
    m.replayStory();
    m.pause();
    expect(m.tookOver).toBe(false);
    m.runUntil(() => m.now >= 9600);
    expect(m.lines.filter((l) => l.scripted && l.kind === 'fault')).toHaveLength(1);
  });

  it('the state right after taking over is the state just before (deterministic rebuild)', () => {
    const a = new ClusterModel(getExample('lose-quorum')!, strings, 1, true);
    a.runUntil(() => a.now >= 4500);
    const before = JSON.stringify(a.sim.nodes());
    a.apply({ action: 'put', key: 'x', value: '1' });
    expect(a.tookOver).toBe(true);
    const after = a.sim.nodes().map((n) => ({ ...n, log: n.log.slice(0, -1), lastIndex: 0 }));
    const b = JSON.parse(before).map((n: { log: unknown[] }) => ({ ...n, lastIndex: 0 }));
    expect(after.map((n) => n.term)).toEqual(b.map((n: { term: number }) => n.term));
    expect(a.shareState().scenario.events.every((e) => e.at <= 4500)).toBe(true);
  });
});

describe('pace (item 4)', () => {
  it('the lesson moments of the 2/2 split are at most about 5 s of screen time apart at 1×', () => {
    const m = new ClusterModel(getExample('four-nodes-split')!, strings, 1, true);
    const at = (t: number) => wallUntil(m, () => m.now >= t);
    const toSplit = at(4000);
    const toWrites = at(8000);
    const toHeal = at(16000);
    expect(toSplit).toBeLessThan(5500);
    expect(toWrites).toBeLessThan(5500);
    // The heal is 8 virtual seconds after the writes: the widget gets there within about 11 s of screen time,
    // and "skip the wait" goes straight to each moment in between.
    expect(toHeal).toBeLessThan(12_000);
  });

  it('a put without quorum times out within about 5 s of screen time (lesson 03)', () => {
    const m = new ClusterModel(scenario(['n1', 'n2', 'n3', 'n4', 'n5']), strings, 1, true);
    const others = m.nodes.filter((n) => n.role !== 'leader').map((n) => n.id);
    for (const n of others.slice(0, 3)) m.apply({ action: 'crash', node: n });
    m.apply({ action: 'put', key: 'k', value: 'v' });
    const w = wallUntil(m, () => m.ops.at(-1)!.status !== 'pending');
    expect(m.ops.at(-1)!.status).not.toBe('pending');
    expect(w).toBeLessThan(6000);
  });

  it('slows down for votes and appends, less for heartbeats, runs fast when nothing travels', () => {
    const hb = { id: 1, type: 'AppendEntries', from: 'n1', to: 'n2', term: 1, sentAt: 0, arriveAt: 6, heartbeat: true } as const;
    const rv = { ...hb, type: 'RequestVote', heartbeat: false } as const;
    expect(pace([], [2, 10])).toBe(RATE.idle);
    expect(pace([hb], [2, 10])).toBeGreaterThan(pace([hb, rv], [2, 10]));
    expect(pace([hb], [2, 10])).toBeLessThan(RATE.idle);
  });

  it('"skip the wait" lands on the next thing that happens', () => {
    const m = new ClusterModel(scenario(), strings, 1, true);
    m.apply({ action: 'crash', node: m.quorum.leader! });
    const n = m.lines.length;
    expect(m.skip()).toBe(true);
    expect(m.lines.length).toBeGreaterThan(n);
    expect(m.lines.at(-1)!.kind).toBe('election');
  });
});

describe('replaying a share link (item 9)', () => {
  const heavy: Scenario = {
    ...scenario(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9']),
    timing: { heartbeatMs: 1, electionTimeoutMs: 10, latencyMs: [0, 1], requestTimeoutMs: 5000 },
    network: { dropRate: 0.5, duplicateRate: 0 },
    until: 3_600_000,
  };

  it('is silent, yields to the page in slices, and stops at its bound with a clear outcome', async () => {
    const m = new ClusterModel(scenario(), strings, 1);
    let reactiveWrites = 0;
    let yields = 0;
    const seen: number[] = [];
    const r = await m.load({ scenario: heavy, injected: [], t: 3_600_000 }, {
      maxEvents: 200_000,
      yieldFn: async () => {
        yields++;
        seen.push(m.lines.length);
        reactiveWrites += m.nodes.length === 0 ? 0 : 1;
      },
    });
    expect(r).toEqual({ ok: false, reason: 'bound', reached: expect.any(Number) });
    if (!r.ok && r.reason === 'bound') expect(r.reached).toBeLessThan(3_600_000);
    expect(yields).toBeGreaterThan(0);
    expect(seen.every((n) => n === 0)).toBe(true); // nothing narrated while replaying
    expect(m.lines).toHaveLength(0);
    expect(m.replaying).toBe(-1);
    expect(m.sim.stats().events).toBeGreaterThan(200_000);
  });
});
