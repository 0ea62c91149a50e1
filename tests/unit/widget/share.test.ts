// Share links: round trip, compactness, and a clear error (never a throw) for every kind of bad link.
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_CODE } from '../../../src/scenarios/share';
import { getExample } from '../../../src/scenarios';
import type { ScenarioEvent } from '../../../src/raft';

const scenario = getExample('three-nodes')!;
const injected: ScenarioEvent[] = [
  { at: 1520.5, action: 'crash', node: 'n1' },
  { at: 2000, action: 'put', key: 'k1', value: 'v1' },
  { at: 2100, action: 'partition', groups: [['n1'], ['n2', 'n3']] },
  { at: 2200, action: 'setFeatures', preVote: false },
];

describe('share links', () => {
  it('round-trips the scenario, the injected actions and the instant', async () => {
    const code = await encodeShare({ scenario, injected, t: 2345.25 });
    expect(code).toMatch(/^[zj][A-Za-z0-9_-]+$/);
    const r = await decodeShare(code);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.t).toBe(2345.25);
    expect(r.state.injected).toEqual(injected);
    expect(r.state.scenario).toEqual(scenario);
  });

  it('is compact: compressed, a typical link stays short', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ at: 1000 + i * 100, action: 'put', key: 'k', value: `v${i}` }) as ScenarioEvent);
    const code = await encodeShare({ scenario, injected: many, t: 6000 });
    expect(code[0]).toBe('z');
    expect(code.length).toBeLessThan(JSON.stringify(many).length / 2);
  });

  it.each([
    ['empty', ''],
    ['unknown format', 'x123'],
    ['not base64url', 'j###'],
    ['damaged compression', 'zAAAA'],
    ['not JSON', 'j' + Buffer.from('{nope').toString('base64url')],
    ['wrong version', 'j' + Buffer.from(JSON.stringify({ v: 9, s: {}, i: [], t: 0 })).toString('base64url')],
    ['bad instant', 'j' + Buffer.from(JSON.stringify({ v: 1, s: scenario, i: [], t: -5 })).toString('base64url')],
    ['schema refuses the scenario', 'j' + Buffer.from(JSON.stringify({ v: 1, s: { seed: 1 }, i: [], t: 0 })).toString('base64url')],
    ['unknown node in an action', 'j' + Buffer.from(JSON.stringify({ v: 1, s: scenario, i: [{ at: 1, action: 'crash', node: 'n9' }], t: 5 })).toString('base64url')],
    ['action after the instant', 'j' + Buffer.from(JSON.stringify({ v: 1, s: scenario, i: [{ at: 10, action: 'heal' }], t: 5 })).toString('base64url')],
    ['too long', 'j' + 'A'.repeat(MAX_CODE)],
  ])('refuses a link that is %s, with a reason', async (_, code) => {
    const r = await decodeShare(code);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
  });

  it('names the offending field when the schema refuses', async () => {
    const r = await decodeShare('j' + Buffer.from(JSON.stringify({ v: 1, s: scenario, i: [{ at: 1, action: 'crash', node: 'n9' }], t: 5 })).toString('base64url'));
    expect(r.ok || r.error).toMatch(/events\[0\]\.node: unknown node "n9"/);
  });
});
