// Property: on random schedules (1–7 voters, crashes, restarts, partitions, heals, loss, duplication,
// client puts/gets/deletes on a few keys, bursts of concurrent requests, and membership changes), every
// trace passes the independent checker: election safety, state machine safety, log matching, leader
// completeness, term monotonicity, failed puts never applied, linearizability.
// On a failure fast-check prints its seed, the path and the shrunk scenario; the error message holds the
// checker's report and the scenario as JSON (save it to a file and run `npm run simulate -- FILE`).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertSafe } from './run.ts';
import { fcSeed, scenarioArb } from './scenarios.ts';

/** Property runs are CPU-bound: a loaded machine may take many times what they need on an idle core. */
const SLOW = 600_000;

describe('random schedules pass the checker', () => {
  it('static membership: 600 schedules of 1–7 voters', () => {
    fc.assert(fc.property(scenarioArb(), (s) => void assertSafe(s)), { numRuns: 600, seed: fcSeed(1) });
  }, SLOW);

  it('small clusters under heavy faults: 200 schedules of 1–3 voters', () => {
    fc.assert(fc.property(scenarioArb({ maxVoters: 3, maxEvents: 50 }), (s) => void assertSafe(s)), { numRuns: 200, seed: fcSeed(2) });
  }, SLOW);

  it('membership changes (addMember, removeMember, promote, learners, transferLeader): 400 schedules', () => {
    fc.assert(fc.property(scenarioArb({ membership: true }), (s) => void assertSafe(s)), { numRuns: 400, seed: fcSeed(6) });
  }, SLOW);
});
