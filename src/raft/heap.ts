// A binary min-heap of timed events, ordered by (t, seq), kept as three parallel arrays: the keys (`t`, `seq`)
// in arrays of small integers that the sift loops compare without touching the events themselves (events of
// several shapes scattered in memory made each comparison a polymorphic, cache-missing load), and the events in
// `ev`. The event queue (queue.ts) keeps here the events out of its ring's reach; an array sorted by (t, seq) is
// a heap, which is what a checkpoint's queue holds.

export interface Heap<T> {
  t: number[];
  seq: number[];
  ev: T[];
}

export function newHeap<T>(): Heap<T> {
  return { t: [], seq: [], ev: [] };
}

export function heapPush<T>(h: Heap<T>, t: number, seq: number, e: T): void {
  const ht = h.t;
  const hs = h.seq;
  const he = h.ev;
  let i = ht.length;
  ht.push(t);
  hs.push(seq);
  he.push(e);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pt = ht[p];
    if (pt < t || (pt === t && hs[p] < seq)) break;
    ht[i] = pt;
    hs[i] = hs[p];
    he[i] = he[p];
    i = p;
  }
  ht[i] = t;
  hs[i] = seq;
  he[i] = e;
}

/** Remove and return the earliest event (undefined when empty). */
export function heapPop<T>(h: Heap<T>): T | undefined {
  const ht = h.t;
  const hs = h.seq;
  const he = h.ev;
  const n = ht.length;
  if (n === 0) return undefined;
  const top = he[0];
  const lt = ht.pop() as number;
  const ls = hs.pop() as number;
  const le = he.pop() as T;
  const m = n - 1;
  if (m > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      let c = l;
      if (r < m && (ht[r] < ht[l] || (ht[r] === ht[l] && hs[r] < hs[l]))) c = r;
      const ct = ht[c];
      if (ct > lt || (ct === lt && hs[c] > ls)) break;
      ht[i] = ct;
      hs[i] = hs[c];
      he[i] = he[c];
      i = c;
    }
    ht[i] = lt;
    hs[i] = ls;
    he[i] = le;
  }
  return top;
}
