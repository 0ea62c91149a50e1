// The checker's own tests, client side: histories that MUST be rejected, and ones that must pass.
import { describe, expect, it } from 'vitest';
import { checkKey, checkTrace, readHistory } from '../../../src/checker/index.ts';
import { Trace } from './builder.ts';

const lin = (t: Trace) => checkTrace(t.lines);
const linKinds = (t: Trace) => lin(t).violations.map((v) => v.kind);

describe('linearizability: histories that must pass', () => {
  it('a sequential history', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', '1');
    t.ok(a);
    const b = t.invoke('get', 'k');
    t.ok(b, '1');
    const c = t.invoke('delete', 'k');
    t.ok(c);
    const d = t.invoke('get', 'k');
    t.ok(d, null);
    expect(linKinds(t)).toEqual([]);
  });

  it('a read of an absent key returns null', () => {
    const t = new Trace();
    const a = t.invoke('get', 'nothing');
    t.ok(a, null);
    expect(linKinds(t)).toEqual([]);
  });

  it('concurrent overlapping writes: a read may see either order', () => {
    for (const seen of ['A', 'B']) {
      const t = new Trace();
      const a = t.invoke('put', 'k', 'A');
      const b = t.invoke('put', 'k', 'B');
      t.ok(b).ok(a);
      const r = t.invoke('get', 'k');
      t.ok(r, seen);
      expect(linKinds(t), `read ${seen}`).toEqual([]);
    }
  });

  it('a read concurrent with a write may see the old or the new value', () => {
    for (const seen of [null, 'new']) {
      const t = new Trace();
      const w = t.invoke('put', 'k', 'new');
      const r = t.invoke('get', 'k');
      t.ok(r, seen).ok(w);
      expect(linKinds(t)).toEqual([]);
    }
  });

  it('an info put that took effect', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', 'maybe');
    t.info(a);
    const r = t.invoke('get', 'k');
    t.ok(r, 'maybe');
    expect(linKinds(t)).toEqual([]);
  });

  it('an info put that did not take effect', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', 'maybe');
    t.info(a);
    const r = t.invoke('get', 'k');
    t.ok(r, null);
    expect(linKinds(t)).toEqual([]);
  });

  it('an info put that took effect late (seen by a later read only)', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', 'late');
    t.info(a);
    const r1 = t.invoke('get', 'k');
    t.ok(r1, null);
    const r2 = t.invoke('get', 'k');
    t.ok(r2, 'late');
    expect(linKinds(t)).toEqual([]);
  });

  it('an op never completed counts as info', () => {
    const t = new Trace();
    t.invoke('put', 'k', 'open');
    const r = t.invoke('get', 'k');
    t.ok(r, 'open');
    expect(linKinds(t)).toEqual([]);
  });

  it('serializable reads are left out (they may be stale)', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', '1');
    t.ok(a);
    const s = t.invoke('get', 'k', undefined, { consistency: 'serializable' });
    t.ok(s, null);
    expect(linKinds(t)).toEqual([]);
  });

  it('a failed get and a failed put constrain nothing', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', 'never');
    t.fail(a);
    const g = t.invoke('get', 'k');
    t.fail(g);
    const r = t.invoke('get', 'k');
    t.ok(r, null);
    expect(linKinds(t)).toEqual([]);
  });

  it('keys are independent', () => {
    const t = new Trace();
    const a = t.invoke('put', 'x', '1');
    const b = t.invoke('put', 'y', '2');
    t.ok(a).ok(b);
    const r1 = t.invoke('get', 'x');
    const r2 = t.invoke('get', 'y');
    t.ok(r2, '2').ok(r1, '1');
    expect(lin(t).stats.keys).toBe(2);
    expect(linKinds(t)).toEqual([]);
  });

  it('many concurrent clients: found quickly thanks to memoisation', () => {
    const t = new Trace();
    // 14 overlapping writes of distinct values, then a read of one of them: 14! orders without pruning.
    const ws = Array.from({ length: 14 }, (_, i) => t.invoke('put', 'k', `v${i}`));
    for (const w of ws) t.ok(w);
    const r = t.invoke('get', 'k');
    t.ok(r, 'v7');
    const res = lin(t);
    expect(res.violations).toEqual([]);
    expect(res.inconclusive).toEqual([]);
    expect(res.stats.searchSteps).toBeLessThan(10_000);
  });
});

describe('linearizability: histories that must be rejected', () => {
  it('a stale read after a completed write', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', 'old');
    t.ok(a);
    const b = t.invoke('put', 'k', 'new');
    t.ok(b);
    const r = t.invoke('get', 'k');
    t.ok(r, 'old');
    const res = lin(t);
    expect(res.violations.map((v) => v.kind)).toEqual(['linearizability']);
    expect(res.violations[0].key).toBe('k');
    expect(res.violations[0].ops).toContain(r);
    expect(res.violations[0].message).toContain(`op ${r}`);
    expect(res.violations[0].message).toContain('"old"');
  });

  it('a read of a value nobody wrote', () => {
    const t = new Trace();
    const r = t.invoke('get', 'k');
    t.ok(r, 'ghost');
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('a read that sees a write before it was invoked', () => {
    const t = new Trace();
    const r = t.invoke('get', 'k');
    t.ok(r, 'future');
    const w = t.invoke('put', 'k', 'future');
    t.ok(w);
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('a failed put seen by a read', () => {
    const t = new Trace();
    const w = t.invoke('put', 'k', 'failed');
    t.fail(w);
    const r = t.invoke('get', 'k');
    t.ok(r, 'failed');
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('a deleted key read back after the delete completed', () => {
    const t = new Trace();
    const w = t.invoke('put', 'k', 'v');
    t.ok(w);
    const d = t.invoke('delete', 'k');
    t.ok(d);
    const r = t.invoke('get', 'k');
    t.ok(r, 'v');
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('two reads that see two concurrent writes in opposite orders', () => {
    const t = new Trace();
    const a = t.invoke('put', 'k', 'A');
    const b = t.invoke('put', 'k', 'B');
    t.ok(a).ok(b);
    const r1 = t.invoke('get', 'k');
    t.ok(r1, 'A');
    const r2 = t.invoke('get', 'k');
    t.ok(r2, 'B');
    const r3 = t.invoke('get', 'k');
    t.ok(r3, 'A');
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('a value that flips back: reads that go backwards in time', () => {
    const t = new Trace();
    const w1 = t.invoke('put', 'k', '1');
    t.ok(w1);
    const w2 = t.invoke('put', 'k', '2');
    const r1 = t.invoke('get', 'k');
    t.ok(r1, '2');
    const r2 = t.invoke('get', 'k');
    t.ok(r2, '1');
    t.ok(w2);
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('a serializable read is still excluded, but a linearizable stale one is caught beside it', () => {
    const t = new Trace();
    const w = t.invoke('put', 'k', 'new');
    t.ok(w);
    const s = t.invoke('get', 'k', undefined, { consistency: 'serializable' });
    t.ok(s, null);
    const r = t.invoke('get', 'k');
    t.ok(r, null);
    const res = lin(t);
    expect(res.violations.map((v) => v.kind)).toEqual(['linearizability']);
    expect(res.violations[0].ops?.[0]).toBe(r);
  });
});

describe('linearizability: long histories', () => {
  it('3,000 ops with 600 timed-out puts: answered without blowing up the search', () => {
    const t = new Trace();
    let last: string | null = null;
    for (let i = 0; i < 600; i++) {
      const lost = t.invoke('put', 'k', `lost${i}`); // times out, never seen again
      t.info(lost);
      const w = t.invoke('put', 'k', `v${i}`);
      const r = t.invoke('get', 'k');
      t.ok(r, last); // concurrent with the write: may see the old value
      t.ok(w);
      last = `v${i}`;
      const r2 = t.invoke('get', 'k');
      t.ok(r2, last);
      const d = t.invoke('get', 'k', undefined, { consistency: 'serializable' });
      t.ok(d, 'anything');
    }
    const res = lin(t);
    expect(res.violations).toEqual([]);
    expect(res.inconclusive).toEqual([]);
    expect(res.stats.searchSteps).toBeLessThan(20_000);
    // The same history with one stale read at the end is rejected.
    const r = t.invoke('get', 'k');
    t.ok(r, 'v3');
    expect(linKinds(t)).toEqual(['linearizability']);
  });

  it('a timed-out put that a later read saw is kept (and explains the read)', () => {
    const t = new Trace();
    for (let i = 0; i < 200; i++) {
      const lost = t.invoke('put', 'k', `maybe${i}`);
      t.info(lost);
    }
    const r = t.invoke('get', 'k');
    t.ok(r, 'maybe150');
    expect(linKinds(t)).toEqual([]);
  });
});

describe('linearizability: bounded search', () => {
  it('reports inconclusive instead of hanging when the bound is hit', () => {
    const t = new Trace();
    const ws = Array.from({ length: 12 }, (_, i) => t.invoke('put', 'k', `v${i}`));
    const rs = Array.from({ length: 12 }, () => t.invoke('get', 'k'));
    for (const w of ws) t.ok(w);
    rs.forEach((r, i) => t.ok(r, `v${(i * 5) % 12}`));
    const { ops } = readHistory(t.lines);
    const res = checkKey('k', ops, 50);
    expect(res.outcome).toBe('inconclusive');
    const full = checkTrace(t.lines, { maxSearchSteps: 50 });
    expect(full.ok).toBe(true);
    expect(full.inconclusive.length).toBe(1);
  });
});
