// A binary min-heap of timed events, ordered by (t, seq). Events are plain objects; the heap is a plain
// array, so a checkpoint copies it with `slice()` (events are never mutated once pushed).

export interface Timed {
  t: number;
  seq: number;
}

function less(a: Timed, b: Timed): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

export function heapPush<T extends Timed>(h: T[], e: T): void {
  let i = h.length;
  h.push(e);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pe = h[p];
    if (!less(e, pe)) break;
    h[i] = pe;
    i = p;
  }
  h[i] = e;
}

export function heapPop<T extends Timed>(h: T[]): T | undefined {
  const n = h.length;
  if (n === 0) return undefined;
  const top = h[0];
  const last = h.pop() as T;
  if (n > 1) {
    const m = n - 1;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      const c = r < m && less(h[r], h[l]) ? r : l;
      if (!less(h[c], last)) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
  return top;
}
