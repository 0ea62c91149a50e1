// The engine's only source of randomness: a seeded PRNG whose state is one number, so it is copied with
// the rest of the simulation state (checkpoints, forks) and a seed always replays the same run.
// Algorithm: mulberry32 (public domain, Tommy Ettinger), 32-bit state, period 2^32: plenty for a course run.

export interface Rng {
  s: number;
}

export function makeRng(seed: number): Rng {
  // Mix the seed so that seeds 1, 2, 3 do not start on neighbouring states.
  let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
  return { s: (s ^ (s >>> 16)) >>> 0 };
}

/** A float in [0, 1). */
export function nextFloat(r: Rng): number {
  let t = (r.s = (r.s + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An integer in [lo, hi] (both included): lo + floor(nextFloat(r) * (hi - lo + 1)), the draw written out and
 *  the floor taken with `| 0` (the same for a product below 2^31). Every message draws its latency here: before
 *  V8 optimises it (a fresh page's first run), each call and each Math function is paid for in full. */
export function intIn(r: Rng, lo: number, hi: number): number {
  if (hi <= lo) return lo;
  let t = (r.s = (r.s + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return lo + (((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo + 1)) | 0);
}
