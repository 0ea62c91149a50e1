// The trace as the engine keeps it. Nearly every line of a long run is a commit, an apply or an `ok`: a few
// numbers and two pointers (the node's name, the entry). Those sit in parallel arrays and become objects only
// when the trace is read (`lines()`), so a run of many minutes does not keep one object per line for the
// garbage collector to copy and trace. Other lines are kept as the objects they were written as.
import type { Entry, NodeId, TraceLine } from './types';

/** Line kinds kept in columns; OBJ: the line object itself is in `ref`. */
const OBJ = 0;
const COMMIT = 1;
const APPLY = 2;
const SNAPSHOT = 3;
const OK = 4;

export type IndexLineType = 'commit' | 'apply' | 'snapshot';

/** The line `indexLine` stands for, with the contract's field order. */
export function indexLineOf(
  type: IndexLineType,
  t: number,
  node: NodeId,
  index: number,
  term: number,
  entry: Entry | undefined,
): TraceLine {
  if (type === 'apply') return { t, type, node, index, term, entry: entry as Entry };
  return { t, type, node, index, term };
}

export class TraceStore {
  private kind: number[] = [];
  private t: number[] = [];
  private node: NodeId[] = [];
  /** commit, apply, snapshot: the index; ok: the op. */
  private num: number[] = [];
  private term: number[] = [];
  /** apply: the entry; OBJ: the line. */
  private ref: unknown[] = [];
  /** Lines already turned into objects by `lines()`, a prefix of the trace; the same array grows with it. */
  private built: TraceLine[] = [];

  get length(): number {
    return this.kind.length;
  }

  push(l: TraceLine): void {
    this.add(OBJ, l.t, '', 0, 0, l);
  }

  pushIndex(type: IndexLineType, t: number, node: NodeId, index: number, term: number, entry: Entry | undefined): void {
    this.add(type === 'commit' ? COMMIT : type === 'apply' ? APPLY : SNAPSHOT, t, node, index, term, entry);
  }

  /** `{ t, type: 'ok', op }`: a put or delete answered. */
  pushOk(t: number, op: number): void {
    this.add(OK, t, '', op, 0, undefined);
  }

  private add(kind: number, t: number, node: NodeId, num: number, term: number, ref: unknown): void {
    this.kind.push(kind);
    this.t.push(t);
    this.node.push(node);
    this.num.push(num);
    this.term.push(term);
    this.ref.push(ref);
  }

  /** Line i as an object (a new one for a columned line). */
  at(i: number): TraceLine {
    switch (this.kind[i]) {
      case COMMIT:
        return indexLineOf('commit', this.t[i], this.node[i], this.num[i], this.term[i], undefined);
      case APPLY:
        return indexLineOf('apply', this.t[i], this.node[i], this.num[i], this.term[i], this.ref[i] as Entry);
      case SNAPSHOT:
        return indexLineOf('snapshot', this.t[i], this.node[i], this.num[i], this.term[i], undefined);
      case OK:
        return { t: this.t[i], type: 'ok', op: this.num[i] };
      default:
        return this.ref[i] as TraceLine;
    }
  }

  /** The whole trace as line objects. Built once per line; the array returned grows as the trace does (do not
   *  mutate it). */
  lines(): TraceLine[] {
    const b = this.built;
    for (let i = b.length; i < this.kind.length; i++) b.push(this.at(i));
    return b;
  }

  /** A store holding the first n lines (a run that left a recording it was replaying keeps its own copy). */
  prefix(n: number): TraceStore {
    const c = new TraceStore();
    c.kind = this.kind.slice(0, n);
    c.t = this.t.slice(0, n);
    c.node = this.node.slice(0, n);
    c.num = this.num.slice(0, n);
    c.term = this.term.slice(0, n);
    c.ref = this.ref.slice(0, n);
    if (this.built.length > 0) c.built = this.built.slice(0, Math.min(n, this.built.length));
    return c;
  }
}
