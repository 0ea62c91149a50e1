// The trace as the engine keeps it. Nearly every line of a long run is a commit, an apply or an `ok`: a few
// numbers and two pointers (the node's name, the entry). Those sit in fixed-size chunks of columns (typed
// arrays for the numbers) and become objects only when the trace is read (`lines()`). A run of many minutes thus
// keeps about 30 bytes per line instead of an object (about 90 bytes with its slot in an array), and never copies the trace
// to grow it: a long run's cost is mostly the memory it keeps. Other lines are kept as the objects they were
// written as. A full chunk is never written again, so a copy of the first n lines (`prefix`) shares them.
import type { Entry, NodeId, TraceLine } from './types';

/** Line kinds kept in columns; OBJ: the line object itself is in `ref`. */
const OBJ = 0;
const COMMIT = 1;
const APPLY = 2;
const SNAPSHOT = 3;
const OK = 4;

const SIZE = 4096;

export type IndexLineType = 'commit' | 'apply' | 'snapshot';

/** The line `indexLine` stands for, with the contract's field order. */
export function indexLineOf(type: IndexLineType, t: number, node: NodeId, index: number, term: number, entry: Entry | undefined): TraceLine {
  if (type === 'apply') return { t, type, node, index, term, entry: entry as Entry };
  return { t, type, node, index, term };
}

interface Chunk {
  kind: Uint8Array;
  t: Float64Array;
  /** commit, apply, snapshot: the index; ok: the op. */
  num: Int32Array;
  term: Int32Array;
  node: (NodeId | undefined)[];
  /** apply: the entry; OBJ: the line. */
  ref: unknown[];
}

function newChunk(): Chunk {
  return {
    kind: new Uint8Array(SIZE),
    t: new Float64Array(SIZE),
    num: new Int32Array(SIZE),
    term: new Int32Array(SIZE),
    node: new Array<NodeId | undefined>(SIZE),
    ref: new Array<unknown>(SIZE),
  };
}

/** A copy of a chunk's first `len` lines (the rest empty, holding no entry alive). */
function copyChunk(c: Chunk, len: number): Chunk {
  const d = newChunk();
  d.kind.set(c.kind.subarray(0, len));
  d.t.set(c.t.subarray(0, len));
  d.num.set(c.num.subarray(0, len));
  d.term.set(c.term.subarray(0, len));
  for (let i = 0; i < len; i++) {
    d.node[i] = c.node[i];
    d.ref[i] = c.ref[i];
  }
  return d;
}

export class TraceStore {
  private chunks: Chunk[] = [];
  private n = 0;
  /** Lines already turned into objects by `lines()`, a prefix of the trace; the same array grows with it. */
  private built: TraceLine[] = [];

  get length(): number {
    return this.n;
  }

  push(l: TraceLine): void {
    this.add(OBJ, l.t, undefined, 0, 0, l);
  }

  pushIndex(type: IndexLineType, t: number, node: NodeId, index: number, term: number, entry: Entry | undefined): void {
    this.add(type === 'commit' ? COMMIT : type === 'apply' ? APPLY : SNAPSHOT, t, node, index, term, entry);
  }

  /** `{ t, type: 'ok', op }`: a put or delete answered. */
  pushOk(t: number, op: number): void {
    this.add(OK, t, undefined, op, 0, undefined);
  }

  private add(kind: number, t: number, node: NodeId | undefined, num: number, term: number, ref: unknown): void {
    const i = this.n % SIZE;
    if (i === 0) this.chunks.push(newChunk());
    const c = this.chunks[this.chunks.length - 1];
    c.kind[i] = kind;
    c.t[i] = t;
    c.num[i] = num;
    c.term[i] = term;
    c.node[i] = node;
    c.ref[i] = ref;
    this.n++;
  }

  /** Line i as an object (a new one for a columned line). */
  at(i: number): TraceLine {
    const c = this.chunks[Math.floor(i / SIZE)];
    const j = i % SIZE;
    switch (c.kind[j]) {
      case COMMIT:
        return indexLineOf('commit', c.t[j], c.node[j] as NodeId, c.num[j], c.term[j], undefined);
      case APPLY:
        return indexLineOf('apply', c.t[j], c.node[j] as NodeId, c.num[j], c.term[j], c.ref[j] as Entry);
      case SNAPSHOT:
        return indexLineOf('snapshot', c.t[j], c.node[j] as NodeId, c.num[j], c.term[j], undefined);
      case OK:
        return { t: c.t[j], type: 'ok', op: c.num[j] };
      default:
        return c.ref[j] as TraceLine;
    }
  }

  /** The whole trace as line objects. Built once per line; the array returned grows as the trace does (do not
   *  mutate it). */
  lines(): TraceLine[] {
    const b = this.built;
    for (let i = b.length; i < this.n; i++) b.push(this.at(i));
    return b;
  }

  /** A store holding the first n lines (a run that left a recording it was replaying writes on in its own copy):
   *  full chunks are shared, the last one is copied. */
  prefix(n: number): TraceStore {
    const c = new TraceStore();
    const full = Math.floor(n / SIZE);
    c.chunks = this.chunks.slice(0, full);
    if (n % SIZE !== 0) c.chunks.push(copyChunk(this.chunks[full], n % SIZE));
    c.n = n;
    if (this.built.length > 0) c.built = this.built.slice(0, Math.min(n, this.built.length));
    return c;
  }
}
