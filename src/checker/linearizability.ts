// Linearizability of a key-value history, checked one key at a time (a map of independent
// registers is linearizable iff each register is: Herlihy & Wing's locality, the
// "P-compositionality" of Horn & Kroening). Per key, the search is Wing & Gong's, with Lowe's
// memoisation of (set of linearized ops, register state) as in Lowe, "Testing for
// linearizability" (2017) and porcupine: a doubly-linked list of call/return entries, a stack
// of choices, and a cache of configurations already explored (the set kept as a 64-bit hash).
//
// Ops that ended `info` (or never ended) may have taken effect at any time after their
// invocation, or never: their return is placed at +infinity, so the search may linearize
// them late (after every read: harmless) or early. Reads that did not end `ok` constrain
// nothing and are dropped; so are serializable reads (stale by design) and ops that ended `fail`.
import { describeOp, type ClientOp } from './history.ts';

export type RegisterState = string | null;

export interface KeyResult {
  key: string;
  outcome: 'ok' | 'violation' | 'inconclusive';
  steps: number;
  /** On a violation: a readable explanation. */
  message?: string;
  /** On a violation: the op the search could not place, and ops around it. */
  ops?: number[];
}

interface Node {
  id: number; // index into the key's op array
  call: boolean;
  time: number;
  match: Node | null; // for a call: its return entry
  prev: Node | null;
  next: Node | null;
}

/**
 * The ops of one key that take part in the check. An uncertain put (info or never completed) whose value no
 * read returned is dropped as well: placing it never helps explain a read (it sets a value nobody saw), and
 * "it never took effect" is always allowed for it, so the answer is the same; this keeps long histories,
 * where many requests time out during partitions, from making the search quadratic.
 */
export function relevantOps(ops: readonly ClientOp[]): ClientOp[] {
  const kept = ops.filter((o) => {
    if (o.status === 'fail') return false;
    if (o.f === 'get') return o.status === 'ok' && o.consistency === 'linearizable';
    return true;
  });
  const seen = new Set<string | null>();
  for (const o of kept) if (o.f === 'get') seen.add(o.result ?? null);
  return kept.filter((o) => !(o.f === 'put' && o.status !== 'ok' && !seen.has(o.value as string)));
}

export function checkKey(key: string, keyOps: readonly ClientOp[], maxSteps: number): KeyResult {
  const ops = relevantOps(keyOps);
  const n = ops.length;
  if (n === 0) return { key, outcome: 'ok', steps: 0 };
  // Build the entry list ordered by time (trace position). Returns at +infinity for open/info ops.
  const entries: Node[] = [];
  ops.forEach((o, id) => {
    const call: Node = { id, call: true, time: o.invokeLine, match: null, prev: null, next: null };
    const ret: Node = { id, call: false, time: o.status === 'ok' ? (o.endLine as number) : Infinity, match: null, prev: null, next: null };
    call.match = ret;
    entries.push(call, ret);
  });
  entries.sort((a, b) => a.time - b.time || (a.call === b.call ? a.id - b.id : a.call ? -1 : 1));
  const head: Node = { id: -1, call: false, time: -Infinity, match: null, prev: null, next: null };
  let prev = head;
  for (const e of entries) {
    prev.next = e;
    e.prev = prev;
    prev = e;
  }
  const mustCount = ops.filter((o) => o.status === 'ok').length;

  // The cache key of a configuration is its register state plus a 64-bit Zobrist hash of the linearized set
  // (two 32-bit XOR sums of per-op random words, updated in O(1) as ops are placed and taken back). Two
  // different sets share a hash with probability about 2^-64 per pair: negligible against the O(n) cost of
  // writing the whole bit set into every key, which made long histories quadratic.
  const zob = zobrist(n);
  let h1 = 0;
  let h2 = 0;
  const cache = new Set<string>();
  const stack: { entry: Node; state: RegisterState }[] = [];
  let state: RegisterState = null;
  let doneMust = 0;
  let steps = 0;
  // For the error message: the deepest point the search reached.
  let best = -1;
  let bestBlocker = -1;
  let bestState: RegisterState = null;

  const lift = (e: Node) => {
    e.prev!.next = e.next;
    if (e.next) e.next.prev = e.prev;
    const m = e.match!;
    m.prev!.next = m.next;
    if (m.next) m.next.prev = m.prev;
  };
  const unlift = (e: Node) => {
    const m = e.match!;
    m.prev!.next = m;
    if (m.next) m.next.prev = m;
    e.prev!.next = e;
    if (e.next) e.next.prev = e;
  };
  const keyOf = (s: RegisterState, a: number, b: number) => `${a},${b}${s === null ? '\u0000' : 's' + s}`;

  let entry: Node | null = head.next;
  while (doneMust < mustCount) {
    if (++steps > maxSteps) return { key, outcome: 'inconclusive', steps };
    if (entry === null) break; // cannot happen while ok ops remain (their returns are in the list)
    if (entry.call) {
      const o = ops[entry.id];
      let ok: boolean;
      let next: RegisterState;
      if (o.f === 'get') {
        ok = o.result === state;
        next = state;
      } else {
        ok = true;
        next = o.f === 'put' ? (o.value as string) : null;
      }
      if (ok) {
        const a = h1 ^ zob[2 * entry.id];
        const b = h2 ^ zob[2 * entry.id + 1];
        const k = keyOf(next, a, b);
        if (!cache.has(k)) {
          cache.add(k);
          h1 = a;
          h2 = b;
          stack.push({ entry, state });
          state = next;
          if (o.status === 'ok') doneMust++;
          lift(entry);
          entry = head.next;
          continue;
        }
      }
      entry = entry.next;
    } else {
      // A return entry whose op is not linearized yet: this branch is dead, backtrack.
      if (doneMust > best || (doneMust === best && bestBlocker < 0)) {
        best = doneMust;
        bestBlocker = entry.id;
        bestState = state;
      }
      const top = stack.pop();
      if (!top) {
        return { key, outcome: 'violation', steps, ...explain(key, ops, mustCount, best, bestBlocker, bestState) };
      }
      const e = top.entry;
      state = top.state;
      h1 ^= zob[2 * e.id];
      h2 ^= zob[2 * e.id + 1];
      if (ops[e.id].status === 'ok') doneMust--;
      unlift(e);
      entry = e.next;
    }
  }
  return { key, outcome: 'ok', steps };
}

/** Deterministic random words for Zobrist hashing (mulberry32 from a fixed seed). */
function zobrist(n: number): Uint32Array {
  const z = new Uint32Array(2 * n);
  let st = 0x2545f491;
  for (let i = 0; i < z.length; i++) {
    let t = (st = (st + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    z[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return z;
}

function explain(key: string, ops: ClientOp[], mustCount: number, best: number, blocker: number, state: RegisterState): { message: string; ops: number[] } {
  const b = ops[blocker];
  const overlapping = ops.filter((o) => o !== b && o.invokeLine < (b.endLine ?? Infinity) && (o.endLine ?? Infinity) > b.invokeLine);
  const before = ops.filter((o) => o.status === 'ok' && (o.endLine as number) < b.invokeLine && o.f !== 'get');
  const lastWrite = before.length ? before[before.length - 1] : undefined;
  let msg = `key ${JSON.stringify(key)}: the client history is not linearizable. `;
  msg += `No order of the ${ops.length} ops respects both real time and a key-value map: at best ${best} of ${mustCount} completed ops were placed, then `;
  msg += `${describeOp(b)} could not be placed (the map held ${JSON.stringify(state)} there).`;
  if (b.f === 'get' && lastWrite) msg += ` The last write that completed before it was invoked: ${describeOp(lastWrite)}.`;
  if (overlapping.length) msg += ` Concurrent with it: ${overlapping.slice(0, 6).map(describeOp).join('; ')}${overlapping.length > 6 ? `; and ${overlapping.length - 6} more` : ''}.`;
  return { message: msg, ops: [b.op, ...(lastWrite ? [lastWrite.op] : []), ...overlapping.slice(0, 6).map((o) => o.op)] };
}

/** Checks every key; keys are independent. */
export function checkLinearizable(ops: readonly ClientOp[], maxStepsPerKey = 200_000): KeyResult[] {
  const byKey = new Map<string, ClientOp[]>();
  for (const o of ops) {
    let a = byKey.get(o.key);
    if (!a) byKey.set(o.key, (a = []));
    a.push(o);
  }
  return [...byKey.entries()].map(([k, a]) => checkKey(k, a, maxStepsPerKey));
}
