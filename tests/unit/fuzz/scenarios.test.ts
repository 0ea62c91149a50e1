// Fuzz: random valid and invalid scenarios fed to the parser, the engine and the share-link decoder.
// Either a clear error naming a field (`scenario.<path>: …`) or a working cluster; never an exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation, type Scenario } from '../../../src/raft/index';
import { ACTIONS, exampleNames, getExample, parseScenario, parseScenarioText } from '../../../src/scenarios/index';
import { decodeShare, encodeShare } from '../../../src/scenarios/share';

/** Longest virtual run per case: enough to elect a leader and replay the events, quick in CI. */
const RUN_MS = 8_000;

const ids = ['n1', 'n2', 'n3', 'n4', 'n5', 'n9', 'leader', 'follower', 'N1', '', 'a'.repeat(17), 'x y'];
const anyNode = fc.constantFrom(...ids);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** An event that is usually well-formed, sometimes not (wrong node, bad field, unknown action). */
const eventArb = fc.record(
  {
    at: fc.oneof(fc.integer({ min: 0, max: RUN_MS }), fc.constantFrom(-1, Number.NaN, 1e20, '10' as unknown as number)),
    action: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ACTIONS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
    node: anyNode,
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('<img src=x onerror=alert(1)>'), anyJson),
    value: fc.oneof(fc.string({ maxLength: 12 }), anyJson),
    groups: fc.array(fc.array(anyNode, { maxLength: 3 }), { maxLength: 3 }),
    learner: fc.boolean(),
    consistency: fc.constantFrom('linearizable', 'serializable', 'strong'),
    dropRate: fc.double({ min: -0.5, max: 1.5, noNaN: false }),
    latencyMs: fc.constantFrom([1, 5], [5, 1], [0, 0], 'fast'),
    preVote: fc.boolean(),
    checkQuorum: fc.boolean(),
    client: fc.constantFrom('c1', 'web', ''),
  },
  { requiredKeys: ['at', 'action'] },
);

const brokenScenarioArb = fc.record(
  {
    seed: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 2 ** 31 }) }, { weight: 1, arbitrary: fc.constantFrom(1.5, -0, 2 ** 60, 'seed') }),
    members: fc.oneof(
      { weight: 6, arbitrary: fc.uniqueArray(fc.constantFrom('n1', 'n2', 'n3', 'n4', 'n5'), { minLength: 1, maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(anyNode, { maxLength: 11 }) },
    ),
    learners: fc.array(anyNode, { maxLength: 2 }),
    timing: fc.record(
      {
        heartbeatMs: fc.oneof(fc.integer({ min: 20, max: 200 }), fc.constantFrom(0, 5000, 1.5)),
        electionTimeoutMs: fc.oneof(fc.integer({ min: 300, max: 1500 }), fc.constantFrom(1, -5)),
        latencyMs: fc.constantFrom([1, 5], [2, 10], [10, 1], [-1, 3]),
        requestTimeoutMs: fc.constantFrom(500, 5000, 0),
      },
      { requiredKeys: [] },
    ),
    features: fc.record({ preVote: fc.oneof(fc.boolean(), fc.constant('yes')), checkQuorum: fc.boolean() }, { requiredKeys: [] }),
    network: fc.record({ dropRate: fc.double({ min: 0, max: 0.3, noNaN: true }), duplicateRate: fc.constantFrom(0, 0.1, 2) }, { requiredKeys: [] }),
    until: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: RUN_MS }) }, { weight: 1, arbitrary: fc.constantFrom(-1, Infinity, 1e12) }),
    events: fc.array(eventArb, { maxLength: 12 }),
    snapshotEntries: fc.constantFrom(2, 3, 100, 1),
  },
  { requiredKeys: ['seed', 'members', 'until', 'events'] },
);

/** A scenario the schema accepts: members n1…nk, events on known nodes with well-formed fields. */
const validScenarioArb = fc.integer({ min: 1, max: 5 }).chain((k) => {
  const members = ['n1', 'n2', 'n3', 'n4', 'n5'].slice(0, k);
  const node = fc.constantFrom(...members, 'leader', 'follower');
  const at = fc.integer({ min: 0, max: RUN_MS });
  const text = fc.string({ maxLength: 16 });
  const ev = fc.oneof(
    fc.record({ at, action: fc.constantFrom('crash', 'restart', 'removeMember', 'promote', 'transferLeader'), node }),
    fc.record({ at, action: fc.constant('heal') }),
    fc.record({ at, action: fc.constant('partition'), groups: fc.shuffledSubarray(members).map((a) => [a.slice(0, 1), a.slice(1)]) }),
    fc.record({ at, action: fc.constant('network'), dropRate: fc.double({ min: 0, max: 1, noNaN: true }), latencyMs: fc.constantFrom([0, 0], [1, 50]) }, { requiredKeys: ['at', 'action'] }),
    fc.record({ at, action: fc.constant('put'), key: text, value: text, node }, { requiredKeys: ['at', 'action', 'key', 'value'] }),
    fc.record({ at, action: fc.constant('get'), key: text, consistency: fc.constantFrom('linearizable', 'serializable') }, { requiredKeys: ['at', 'action', 'key'] }),
    fc.record({ at, action: fc.constant('delete'), key: text }),
    fc.record({ at, action: fc.constant('addMember'), node: fc.constantFrom('n6', 'n7'), learner: fc.boolean() }),
    fc.record({ at, action: fc.constant('setFeatures'), preVote: fc.boolean(), checkQuorum: fc.boolean() }, { requiredKeys: ['at', 'action'] }),
  );
  return fc.record({
    seed: fc.nat(),
    members: fc.constant(members),
    timing: fc.record({ heartbeatMs: fc.integer({ min: 20, max: 150 }), electionTimeoutMs: fc.integer({ min: 300, max: 1500 }) }),
    features: fc.record({ preVote: fc.boolean(), checkQuorum: fc.boolean() }),
    network: fc.record({ dropRate: fc.double({ min: 0, max: 0.3, noNaN: true }), duplicateRate: fc.double({ min: 0, max: 0.3, noNaN: true }) }),
    until: fc.integer({ min: 0, max: RUN_MS }),
    // addMember twice for the same node is refused by the schema: keep at most one per node.
    events: fc.array(ev, { maxLength: 15 }).map((es) => es.filter((e, i) => e.action !== 'addMember' || !es.slice(0, i).some((f) => f.action === 'addMember' && (f as { node: string }).node === (e as { node: string }).node))),
  });
});

/** Mostly valid scenarios (the engine runs them), some broken ones (the parser names the field). */
const scenarioArb = fc.oneof({ weight: 3, arbitrary: validScenarioArb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: brokenScenarioArb as fc.Arbitrary<unknown> });

/** The parse result is an error naming a field, or a scenario the engine runs without throwing. */
function parseAndRun(input: unknown): void {
  let r: ReturnType<typeof parseScenario>;
  expect(() => (r = parseScenario(input))).not.toThrow();
  r = r!;
  if (!r.ok) {
    expect(r.error).toMatch(/^scenario(\.|\[|:)/);
    expect(r.error.length).toBeGreaterThan('scenario: '.length);
    return;
  }
  runScenario(r.scenario);
}

/** Scenarios that parsed and ran: the fuzz must exercise the engine, not only the parser. */
let ran = 0;

function runScenario(scenario: Scenario): void {
  ran++;
  const sim = new Simulation(scenario, { history: false });
  sim.advanceTo(Math.min(scenario.until, RUN_MS));
  // A working cluster: views are readable, nodes are the members (plus added ones), time moved on.
  expect(sim.now).toBeLessThanOrEqual(Math.min(scenario.until, RUN_MS));
  const nodes = sim.nodes();
  expect(nodes.length).toBeGreaterThan(0);
  for (const id of scenario.members) expect(nodes.some((n) => n.id === id)).toBe(true);
  expect(() => sim.quorum()).not.toThrow();
}

const FC = { numRuns: 150, seed: 20261126, endOnFailure: true } as const;

describe('fuzz: scenario parser and engine', () => {
  it('random scenario-shaped input: a field-naming error or a working cluster', () => {
    ran = 0;
    fc.assert(fc.property(scenarioArb, (s) => parseAndRun(s)), FC);
    console.info(`fuzz: ${ran} of ${FC.numRuns} random scenarios parsed and ran`);
    expect(ran).toBeGreaterThanOrEqual(60);
  }, 30_000);

  it('random JSON values: a field-naming error, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const r = parseScenario(v);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(/^scenario/);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('random text: "not valid JSON" with a position, or the schema speaks', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)))), (text) => {
        const r = parseScenarioText(text);
        if (!r.ok) expect(r.error).toMatch(/^scenario/);
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('mutated example scenarios: one field replaced or removed, then parsed and run', () => {
    ran = 0;
    const examples = exampleNames.map((n) => JSON.parse(JSON.stringify(getExample(n))) as Record<string, unknown>);
    const mutation = fc.record({
      example: fc.integer({ min: 0, max: examples.length - 1 }),
      field: fc.constantFrom('seed', 'members', 'learners', 'timing', 'features', 'network', 'until', 'events', 'snapshotEntries', 'extra'),
      value: fc.oneof(fc.constant(undefined), anyJson, fc.array(eventArb, { maxLength: 4 })),
    });
    fc.assert(
      fc.property(mutation, ({ example, field, value }) => {
        const s = structuredClone(examples[example]);
        if (value === undefined) delete s[field];
        else s[field] = value;
        // Keep runs short: the examples last an hour of virtual time.
        if (typeof s.until === 'number' && s.until > RUN_MS) s.until = RUN_MS;
        parseAndRun(s);
      }),
      { ...FC, numRuns: 120 },
    );
    expect(ran).toBeGreaterThanOrEqual(15);
  }, 30_000);

  it('share links: random and damaged codes decode to an error, never an exception', async () => {
    const good = await encodeShare({ scenario: getExample('three-nodes')!, injected: [], t: 1000 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('j', 'z', 'x' + good.slice(1), good.slice(0, -3), '"><script>window.__pwned=1</script>'),
          fc.tuple(fc.nat(good.length - 1), fc.constantFrom('A', '_', '-', '9')).map(([i, c]) => good.slice(0, i) + c + good.slice(i + 1)),
        ),
        async (code) => {
          const r = await decodeShare(code);
          if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
          else runScenario({ ...r.state.scenario, until: Math.min(r.state.scenario.until, 2000) });
        },
      ),
      { numRuns: 150, seed: 9 },
    );
  }, 30_000);
});
