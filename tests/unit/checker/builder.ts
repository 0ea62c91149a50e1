// A tiny builder of contract traces for the checker's own tests.
import type { TraceLine } from '../../../src/checker/index.ts';

type E = { kind: 'noop' } | { kind: 'put'; key: string; value: string } | { kind: 'delete'; key: string } | { kind: 'config'; members: string[]; learners: string[] };
export const noop: E = { kind: 'noop' };
export const put = (key: string, value: string): E => ({ kind: 'put', key, value });
export const del = (key: string): E => ({ kind: 'delete', key });

export class Trace {
  lines: TraceLine[] = [];
  private opSeq = 0;
  t = 0;
  at(t: number) {
    this.t = t;
    return this;
  }
  private push(l: Omit<TraceLine, 't'>) {
    this.lines.push({ t: this.t, ...l } as TraceLine);
    return this;
  }
  role(node: string, role: string, term: number) {
    return this.push({ type: 'role', node, role, term });
  }
  commit(node: string, index: number, term: number) {
    return this.push({ type: 'commit', node, index, term });
  }
  snapshot(node: string, index: number, term: number) {
    return this.push({ type: 'snapshot', node, index, term });
  }
  apply(node: string, index: number, term: number, entry: E) {
    return this.push({ type: 'apply', node, index, term, entry });
  }
  /** commit then apply, on each node. */
  commitApply(nodes: string[], index: number, term: number, entry: E) {
    for (const n of nodes) this.commit(n, index, term).apply(n, index, term, entry);
    return this;
  }
  crash(node: string) {
    return this.push({ type: 'crash', node });
  }
  restart(node: string) {
    return this.push({ type: 'restart', node });
  }
  /** Starts a client op and returns its id. */
  invoke(f: 'put' | 'get' | 'delete', key: string, value?: string, extra: Record<string, unknown> = {}): number {
    const op = ++this.opSeq;
    this.push({ type: 'invoke', op, client: (extra.client as string) ?? 'c', f, key, ...(f === 'put' ? { value } : {}), ...(f === 'get' ? { consistency: extra.consistency ?? 'linearizable' } : {}) });
    return op;
  }
  ok(op: number, value?: string | null) {
    return this.push(value === undefined ? { type: 'ok', op } : { type: 'ok', op, value });
  }
  fail(op: number, error = 'no leader') {
    return this.push({ type: 'fail', op, error });
  }
  info(op: number, error = 'timeout') {
    return this.push({ type: 'info', op, error });
  }
  final(nodes: Record<string, { role: string; term: number; commitIndex: number; log: { index: number; term: number; entry: E }[]; up?: boolean; lastApplied?: number }>) {
    const n: Record<string, unknown> = {};
    for (const [id, x] of Object.entries(nodes)) n[id] = { votedFor: null, up: true, lastApplied: x.commitIndex, ...x };
    return this.push({ type: 'final', nodes: n });
  }
}

/** A log of entries 1..n from [term, entry] pairs. */
export const log = (...es: [number, E][]) => es.map(([term, entry], i) => ({ index: i + 1, term, entry }));
