// The WGL/Lowe search agrees with a brute-force reference (every subset of the uncertain ops,
// every order consistent with real time) on thousands of small random histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace, readHistory, type ClientOp, type TraceLine } from '../../../src/checker/index.ts';

interface GenOp {
  f: 'put' | 'get' | 'delete';
  v: string; // value written, or value a get returns ('' = null)
  status: 'ok' | 'info' | 'fail' | 'open';
}

const genOp = fc.record({
  f: fc.constantFrom('put', 'get', 'delete') as fc.Arbitrary<GenOp['f']>,
  v: fc.constantFrom('', 'a', 'b'),
  status: fc.constantFrom('ok', 'ok', 'ok', 'info', 'fail', 'open') as fc.Arbitrary<GenOp['status']>,
});

/** Lay ops out on a line: each op's invoke before its completion, otherwise any interleaving. */
const genHistory = fc.array(genOp, { minLength: 1, maxLength: 6 }).chain((ops) =>
  fc.shuffledSubarray(Array.from({ length: ops.length * 2 }, (_, i) => i), { minLength: ops.length * 2, maxLength: ops.length * 2 }).map((order) => ({ ops, order })),
);

function toTrace({ ops, order }: { ops: GenOp[]; order: number[] }): TraceLine[] {
  // order is a permutation of 0..2n-1: op i's two events are slots 2i and 2i+1; the earlier one is the invoke.
  const started = new Set<number>();
  const lines: TraceLine[] = [];
  order.forEach((slot, t) => {
    const i = slot >> 1;
    const o = ops[i];
    if (!started.has(i)) {
      started.add(i);
      lines.push({ t, type: 'invoke', op: i + 1, client: `c${i}`, f: o.f, key: 'k', ...(o.f === 'put' ? { value: o.v || 'z' } : {}), ...(o.f === 'get' ? { consistency: 'linearizable' } : {}) });
    } else if (o.status !== 'open') {
      lines.push({ t, type: o.status, op: i + 1, ...(o.status === 'ok' && o.f === 'get' ? { value: o.v === '' ? null : o.v } : {}), ...(o.status !== 'ok' ? { error: 'x' } : {}) });
    }
  });
  return lines;
}

/** Brute force: is there a subset of the uncertain writes and an order, respecting real time, that explains every ok read? */
function bruteForce(all: ClientOp[]): boolean {
  const ops = all.filter((o) => o.status !== 'fail' && !(o.f === 'get' && o.status !== 'ok'));
  const must = ops.filter((o) => o.status === 'ok');
  const maybe = ops.filter((o) => o.status !== 'ok');
  const end = (o: ClientOp) => (o.status === 'ok' ? (o.endLine as number) : Infinity);
  for (let mask = 0; mask < 1 << maybe.length; mask++) {
    const chosen = [...must, ...maybe.filter((_, i) => mask & (1 << i))];
    const used = new Array(chosen.length).fill(false);
    const search = (state: string | null, done: number): boolean => {
      if (done === chosen.length) return true;
      for (let i = 0; i < chosen.length; i++) {
        if (used[i]) continue;
        const o = chosen[i];
        // o can go next only if no other pending op must precede it (ended before o was invoked).
        if (chosen.some((p, j) => !used[j] && j !== i && end(p) < o.invokeLine)) continue;
        let next = state;
        if (o.f === 'get') {
          if (o.result !== state) continue;
        } else next = o.f === 'put' ? (o.value as string) : null;
        used[i] = true;
        if (search(next, done + 1)) return true;
        used[i] = false;
      }
      return false;
    };
    if (search(null, 0)) return true;
  }
  return false;
}

describe('linearizability search vs brute force', () => {
  it('agree on 3,000 random small histories', () => {
    let rejected = 0;
    fc.assert(
      fc.property(genHistory, (h) => {
        const lines = toTrace(h);
        const expected = bruteForce(readHistory(lines).ops);
        const r = checkTrace(lines);
        expect(r.inconclusive).toEqual([]);
        if (!expected) rejected++;
        expect(r.ok).toBe(expected);
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    // The generator must produce both kinds, or this test proves little.
    expect(rejected).toBeGreaterThan(300);
  });
});
