// The engine's PRNG (src/raft/rng.ts). intIn writes the mulberry32 step out instead of calling nextFloat (the
// first run's latency draws, issue 17): both must stay the same generator, or every seeded run would change.
import { describe, expect, it } from 'vitest';
import { intIn, makeRng, nextFloat } from '../../../src/raft/rng';

describe('the seeded PRNG', () => {
  it('draws in intIn exactly what lo + floor(nextFloat * size) gives, and moves the state the same way', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1, 123456789]) {
      const a = makeRng(seed);
      const b = makeRng(seed);
      for (let i = 0; i < 2000; i++) {
        const lo = i % 7;
        const hi = lo + ((i * 37) % 2000);
        expect(intIn(a, lo, hi)).toBe(hi <= lo ? lo : lo + Math.floor(nextFloat(b) * (hi - lo + 1)));
        expect(a.s).toBe(b.s);
      }
    }
  });

  it('gives a degenerate range its only value without drawing', () => {
    const r = makeRng(7);
    const before = r.s;
    expect(intIn(r, 5, 5)).toBe(5);
    expect(r.s).toBe(before);
  });

  it('replays from a seed: the same seed, the same draws; another seed, others', () => {
    const draw = (seed: number) => {
      const r = makeRng(seed);
      return Array.from({ length: 20 }, () => intIn(r, 2, 10));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});
