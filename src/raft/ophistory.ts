// Every client operation of a run, at index op - 1, kept in fixed-size chunks that checkpoints share: taking a
// checkpoint copies the list of chunks (a few hundred pointers for an hour of requests), not the operations, and
// a chunk is copied only when a state that does not own it writes to it. Writes touch recent operations (a
// request is replaced when it ends, seconds after it began), so after a restore a run copies a chunk or two.
// Was a flat array copied whole by every checkpoint and every seek (half of a seek's time in a 10-minute run).
import type { OpView } from './types';

const SHIFT = 8;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

export interface OpHistory {
  chunks: OpView[][];
  length: number;
  /** Chunks this state may write in place; every other chunk may be shared with a checkpoint. */
  own: Set<OpView[]>;
}

export function newOpHistory(): OpHistory {
  return { chunks: [], length: 0, own: new Set() };
}

/** A copy sharing every chunk with `h`; from now on neither may write a chunk in place (both copy first). */
export function shareOpHistory(h: OpHistory): OpHistory {
  h.own.clear();
  return { chunks: h.chunks.slice(), length: h.length, own: new Set() };
}

function writable(h: OpHistory, c: number): OpView[] {
  let chunk = h.chunks[c];
  if (!h.own.has(chunk)) {
    chunk = chunk.slice();
    h.chunks[c] = chunk;
    h.own.add(chunk);
  }
  return chunk;
}

export function pushOp(h: OpHistory, v: OpView): void {
  const i = h.length;
  if ((i & MASK) === 0) {
    const chunk: OpView[] = [];
    h.chunks.push(chunk);
    h.own.add(chunk);
  }
  writable(h, i >> SHIFT).push(v);
  h.length = i + 1;
}

export function setOp(h: OpHistory, i: number, v: OpView): void {
  if (i < 0 || i >= h.length) return;
  writable(h, i >> SHIFT)[i & MASK] = v;
}

export function opsOf(h: OpHistory): OpView[] {
  const out: OpView[] = new Array(h.length);
  let k = 0;
  for (const chunk of h.chunks) for (let j = 0; j < chunk.length; j++) out[k++] = chunk[j];
  return out;
}
