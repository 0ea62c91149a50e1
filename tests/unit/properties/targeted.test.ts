// Targeted random schedules (see targeted.ts): the old leader cut off with a minority must not serve stale
// linearizable reads, and the whole trace must pass the checker.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertSafe } from './run.ts';
import { fcSeed } from './scenarios.ts';
import { bounceArb, bounceScenario, staleLeaderArb, staleLeaderScenario } from './targeted.ts';

/** Property runs are CPU-bound: a loaded machine may take many times what they need on an idle core. */
const SLOW = 600_000;

describe('targeted schedules', () => {
  it('isolating the leader: no stale linearizable read (200 schedules)', () => {
    let built = 0;
    let oldLeaderReads = 0;
    fc.assert(
      fc.property(staleLeaderArb, (p) => {
        const s = staleLeaderScenario(p);
        if (!s) return;
        built++;
        const { lines } = assertSafe(s);
        const readers = new Set(lines.filter((l) => l.type === 'invoke' && typeof l.client === 'string' && l.client.startsWith('r')).map((l) => l.op));
        oldLeaderReads += lines.filter((l) => l.type === 'ok' && readers.has(l.op)).length;
      }),
      { numRuns: 200, seed: fcSeed(7) },
    );
    expect(built).toBeGreaterThan(150);
    // Reads through the cut-off leader do get answers sometimes (before it learns it lost), so the check bites.
    expect(oldLeaderReads).toBeGreaterThan(0);
  }, SLOW);

  it('bouncing a voter right after it votes: never two leaders in a term (300 schedules)', () => {
    let built = 0;
    fc.assert(
      fc.property(bounceArb, (p) => {
        const s = bounceScenario(p);
        if (!s) return;
        built++;
        assertSafe(s);
      }),
      { numRuns: 300, seed: fcSeed(8) },
    );
    expect(built).toBeGreaterThan(200);
  }, SLOW);
});
