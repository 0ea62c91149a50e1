// Time travel under random use: a reader scrubs back and forth, acts in the past (a fork), and shares a
// link. Properties: (1) the trace the timeline ends with passes the checker; (2) the share link's scenario
// (toScenario) replayed in a fresh Simulation gives the very same trace; (3) seeking back to an instant and
// forward again lands on the same trace as never having moved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace, formatResult, type TraceLine } from '../../../src/checker/index.ts';
import { Simulation, Timeline, type Action } from '../../../src/raft/index.ts';
import { toScenario } from './run.ts';
import { fcSeed, scenarioArb, type ScenarioJson } from './scenarios.ts';

type Step = { kind: 'advance'; frac: number } | { kind: 'seek'; frac: number } | { kind: 'act'; a: number; b: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), frac: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('seek' as const), frac: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ kind: fc.constant('act' as const), a: fc.nat(99), b: fc.nat(99) }),
);

function action(s: ScenarioJson, a: number, b: number, v: number): Action {
  const node = s.members[b % s.members.length];
  switch (a % 8) {
    case 0:
      return { action: 'crash', node: b % 2 ? 'leader' : node };
    case 1:
      return { action: 'restart', node };
    case 2:
      return { action: 'partition', groups: [s.members.filter((_, i) => i % 2 === b % 2), s.members.filter((_, i) => i % 2 !== b % 2)] };
    case 3:
      return { action: 'heal' };
    case 4:
    case 5:
      return { action: 'put', key: `k${b % 2}`, value: `u${v}`, client: `ui${b % 3}` };
    case 6:
      return { action: 'get', key: `k${b % 2}`, client: `ui${b % 3}` };
    default:
      return { action: 'delete', key: `k${b % 2}`, client: `ui${b % 3}` };
  }
}

const lineOf = (l: unknown) => JSON.stringify(l);

describe('timeline under random scrubbing and forks', () => {
  it('valid traces, share links that replay exactly, seeks that change nothing (150 sessions)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxVoters: 5, maxEvents: 12 }), fc.array(stepArb, { maxLength: 12 }), (s, steps) => {
        const sc = toScenario(s);
        const tl = new Timeline(sc, { checkpointEveryMs: s.timing.electionTimeoutMs });
        let v = 0;
        for (const st of steps) {
          if (st.kind === 'advance') tl.advanceTo(Math.min(s.until, tl.now + Math.ceil((st.frac / 1000) * s.until)));
          else if (st.kind === 'seek') tl.seek(Math.floor((st.frac / 1000) * tl.end));
          else tl.apply(action(s, st.a, st.b, ++v));
        }
        const end = Math.max(s.until, tl.end);
        tl.advanceTo(end);
        const trace = tl.sim.trace() as unknown as TraceLine[];
        const lines = [...trace, tl.sim.finalLine() as unknown as TraceLine];
        const r = checkTrace(lines, { requireFinal: true });
        const ctx = `\nscenario: ${JSON.stringify(s)}\nsession: ${JSON.stringify(steps)}`;
        if (!r.ok) throw new Error(formatResult(r) + ctx);
        // The share link.
        const shared = tl.toScenario();
        const fresh = new Simulation(shared);
        fresh.advanceTo(end);
        const a = trace.map(lineOf);
        const b = (fresh.trace() as unknown[]).map(lineOf);
        let i = a.findIndex((x, k) => x !== b[k]);
        if (i < 0 && a.length !== b.length) i = Math.min(a.length, b.length);
        if (i >= 0) {
          throw new Error(`the share link does not replay the same trace: first difference at line ${i}\n  timeline: ${a[i] ?? '(end)'}\n  replay:   ${b[i] ?? '(end)'}${ctx}`);
        }
        // Seek back to the middle and forward again: same trace.
        tl.seek(Math.floor(end / 2));
        tl.seek(end);
        const c = (tl.sim.trace() as unknown[]).map(lineOf);
        expect(c.length).toBe(a.length);
        expect(c.join('\n') === a.join('\n')).toBe(true);
      }),
      { numRuns: 150, seed: fcSeed(9) },
    );
  }, 600_000);
});
