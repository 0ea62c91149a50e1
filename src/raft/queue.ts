// The engine's queue of timed events (messages in flight and node timers), run in (t, seq) order: by time, ties in
// the order they were pushed. Event times are whole virtual milliseconds and nearly all fall less than a second
// ahead of the clock (latencies, heartbeats, most election timeouts), so those go in a ring of one bucket per
// millisecond (a timing wheel): a push links its event at the end of its bucket's list, a pop takes the head of the
// earliest bucket, and a bitmap finds the next non-empty bucket a word at a time. Events further ahead (or, were
// one ever pushed, at a time already past) go in a binary heap beside it. On the RaftScope workload the ring takes
// every event, and a push or a pop is a few array accesses where the heap's sift loops were about a sixth of the
// engine's time.
//
// The lists live in slots of parallel arrays (event, seq, next slot), reused through a free list, so that the queue
// touches a few small, dense arrays. Plain arrays of small integers, not typed arrays: V8 keeps them in its heap,
// where making one is a bump of a pointer (a typed array of more than 64 bytes has its memory outside it, and each
// seek made several); the bitmap's words are 16 bits wide, so that they stay small integers. A checkpoint keeps
// only the events (copyQueue).
//
// Why a bucket never mixes two times: a ring event is pushed less than RING ms ahead of the clock, and no pending
// event is ever due before the clock (the clock only moves to the earliest pending event, or to a time before it).
// So every ring event is due in [now, now + RING), and time & MASK names one bucket per time.
import { heapPop, heapPush, newHeap, type Heap } from './heap';

const BITS = 10;
/** Milliseconds the ring covers. */
export const RING = 1 << BITS;
const MASK = RING - 1;
const WORDS = RING >> 4;
/** An empty ring's arrays: every checkpoint's queue shares them (it is never run), and a new queue copies them. */
const EMPTY_RING = new Array<number>(RING).fill(-1);
const EMPTY_BITS = new Array<number>(WORDS).fill(0);

export interface EventQueue<T> {
  /** The ring's earliest time; meaningless when the ring is empty (n === 0). Never Infinity: a field that held
   *  it would keep every time read from it as a floating-point number, and the clock, set from it, would then be
   *  stored boxed in every op record and trace line (2.9 MB more in a 10-minute recording). */
  min: number;
  /** Events in the ring. */
  n: number;
  /** Each bucket's first and last slot (-1: empty), by time & MASK. */
  head: number[];
  tail: number[];
  /** One bit per bucket, 16 to a word: it holds events. */
  bits: number[];
  /** Slots: the event, its queue order, the next slot in its bucket (-1: none; for a free slot, the next free). */
  ev: (T | undefined)[];
  seq: number[];
  next: number[];
  /** First free slot (-1: none; the arrays grow). */
  free: number;
  /** Events outside the ring's reach. */
  over: Heap<T>;
}

export function newQueue<T>(): EventQueue<T> {
  const q: EventQueue<T> = {
    min: 0,
    n: 0,
    head: EMPTY_RING.slice(),
    tail: EMPTY_RING.slice(),
    bits: EMPTY_BITS.slice(),
    ev: [],
    seq: [],
    next: [],
    free: -1,
    over: newHeap(),
  };
  grow(q, 64);
  return q;
}

function grow<T>(q: EventQueue<T>, size: number): void {
  const old = q.next.length;
  for (let i = old; i < size; i++) {
    q.next.push(i + 1 < size ? i + 1 : q.free);
    q.seq.push(0);
    q.ev.push(undefined);
  }
  q.free = old;
}

/** Queue `e` to run at `t` (`seq` orders ties: it must grow with each push); `now` is the clock. */
export function queuePush<T>(q: EventQueue<T>, now: number, t: number, seq: number, e: T): void {
  const ahead = t - now;
  if (ahead >= 0 && ahead < RING) {
    if (q.free < 0) grow(q, q.next.length * 2);
    const x = q.free;
    const next = q.next;
    q.free = next[x];
    q.ev[x] = e;
    q.seq[x] = seq;
    next[x] = -1;
    const i = t & MASK;
    const last = q.tail[i];
    if (last < 0) {
      q.head[i] = x;
      q.bits[i >> 4] |= 1 << (i & 15);
    } else next[last] = x;
    q.tail[i] = x;
    q.n++;
    if (t < q.min || q.n === 1) q.min = t;
  } else heapPush(q.over, t, seq, e);
}

/** The earliest event's time (Infinity when the queue is empty). */
export function queueTime<T>(q: EventQueue<T>): number {
  const o = q.over.t;
  const m = q.n > 0 ? q.min : Infinity;
  return o.length > 0 && o[0] < m ? o[0] : m;
}

/** Whether the earliest event is the ring's: false when it is the heap's (or the queue is empty). A tie goes to
 *  the one pushed first. */
export function ringFirst<T>(q: EventQueue<T>): boolean {
  const o = q.over.t;
  if (q.n === 0) return false;
  if (o.length === 0 || q.min < o[0]) return true;
  return q.min === o[0] && q.seq[q.head[q.min & MASK]] < q.over.seq[0];
}

/** The queue order (seq) of the earliest event; the queue must not be empty. */
export function firstSeq<T>(q: EventQueue<T>): number {
  return ringFirst(q) ? q.seq[q.head[q.min & MASK]] : q.over.seq[0];
}

/** Remove and return the ring's earliest event (the ring must not be empty). */
export function ringPop<T>(q: EventQueue<T>): T {
  const t = q.min;
  const i = t & MASK;
  const x = q.head[i];
  const e = q.ev[x] as T;
  const next = q.next;
  const y = next[x];
  q.ev[x] = undefined;
  next[x] = q.free;
  q.free = x;
  q.n--;
  if (y >= 0) {
    q.head[i] = y;
    return e;
  }
  // The bucket is run: find the next.
  q.head[i] = -1;
  q.tail[i] = -1;
  q.bits[i >> 4] &= ~(1 << (i & 15));
  if (q.n > 0) q.min = nextTime(q, t + 1);
  return e;
}

/** Remove and return the earliest event (undefined when the queue is empty). */
export function queuePop<T>(q: EventQueue<T>): T | undefined {
  if (ringFirst(q)) return ringPop(q);
  return heapPop(q.over);
}

/** The earliest ring time at or after `from`, where every ring event is due in [from, from + RING) and there is one. */
function nextTime<T>(q: EventQueue<T>, from: number): number {
  const i = from & MASK;
  let w = i >> 4;
  let word = q.bits[w] & (0xffff << (i & 15));
  let base = from - (i & 15);
  for (;;) {
    if (word !== 0) return base + (31 - Math.clz32(word & -word));
    base += 16;
    w = (w + 1) & (WORDS - 1);
    word = q.bits[w];
  }
}

/** Every queued event, in no particular order. */
export function queuedEvents<T>(q: EventQueue<T>): T[] {
  const out: T[] = [];
  for (const e of q.ev) if (e !== undefined) out.push(e);
  for (const e of q.over.ev) out.push(e);
  return out;
}

/**
 * A copy that shares the events (they are never changed once queued) but none of the arrays a run writes.
 * - For a checkpoint: every event in the heap, in (t, seq) order (a sorted array is a heap), beside an empty ring
 *   whose arrays all checkpoints share. A checkpoint is only ever read, by a restore that copies it, so it keeps
 *   a few dozen entries where a ring of its own would take two 1,024-slot arrays (a long recording holds hundreds
 *   of checkpoints).
 * - For a restore (to run on from the clock `now`): a queue of its own, each event pushed again, in order, where a
 *   run would have pushed it (the ring, when in reach).
 */
export function copyQueue<T>(q: EventQueue<T>, as: 'checkpoint' | 'restore', now: number): EventQueue<T> {
  let t: number[] = [];
  let seq: number[] = [];
  let ev: T[] = [];
  // The ring's events, bucket by bucket from the earliest (each bucket's list is in push order): already in order.
  for (let at = q.min, left = q.n; left > 0; ) {
    for (let x = q.head[at & MASK]; x >= 0; x = q.next[x], left--) {
      t.push(at);
      seq.push(q.seq[x]);
      ev.push(q.ev[x] as T);
    }
    if (left > 0) at = nextTime(q, at + 1);
  }
  const o = q.over;
  if (o.t.length > 0) {
    // Merge in the heap's events: all of them in (t, seq) order.
    for (let i = 0; i < o.t.length; i++) {
      t.push(o.t[i]);
      seq.push(o.seq[i]);
      ev.push(o.ev[i]);
    }
    const order = t.map((_, i) => i).sort((a, b) => t[a] - t[b] || seq[a] - seq[b]);
    t = order.map((i) => t[i]);
    seq = order.map((i) => seq[i]);
    ev = order.map((i) => ev[i]);
  }
  if (as === 'checkpoint') {
    return { min: 0, n: 0, head: EMPTY_RING, tail: EMPTY_RING, bits: EMPTY_BITS, ev: [], seq: [], next: [], free: -1, over: { t, seq, ev } };
  }
  const c = newQueue<T>();
  for (let i = 0; i < t.length; i++) queuePush(c, now, t[i], seq[i], ev[i]);
  return c;
}
