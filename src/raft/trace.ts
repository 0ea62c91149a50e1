// Trace output (the contract's JSON Lines). Field order is fixed by the object literals that build each
// line, so the same run always serialises to the same bytes.
//
// Traces can be large (long runs, big values, nine nodes): they are written line by line as the run produces
// them, through a `write(chunk)` callback, never joined into one string. The `final` line, which holds every
// node's whole log, is itself written piece by piece (one log entry at a time), so no single string grows
// past a string's maximum length; the bytes are those JSON.stringify would give.
import type { FinalNode, NodeState, TraceLine } from './types';

export function finalNode(n: NodeState): FinalNode {
  return {
    role: n.role,
    term: n.term,
    votedFor: n.votedFor,
    commitIndex: n.commitIndex,
    lastApplied: n.lastApplied,
    up: n.up,
    log: n.log.map((e) => ({ index: e.index, term: e.term, entry: e.entry })),
  };
}

/** JSON Lines: one line per trace line, the final line last, newline-terminated (small traces, tests). */
export function toJsonl(lines: readonly TraceLine[], final: TraceLine): string {
  const out: string[] = new Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) out[i] = JSON.stringify(lines[i]);
  out[lines.length] = JSON.stringify(final);
  return out.join('\n') + '\n';
}

/** Write one trace line and its newline. The `final` line is written in pieces (see writeJson). */
export function writeTraceLine(l: TraceLine, write: (chunk: string) => void): void {
  if (l.type === 'final') {
    writeJson(l, write, 4);
    write('\n');
  } else write(JSON.stringify(l) + '\n');
}

/**
 * Write a plain JSON value (objects, arrays, strings, numbers, booleans, null) as JSON.stringify would, but in
 * pieces: containers down to `depth` levels are opened and closed here, deeper values are stringified whole.
 * For `final`, depth 4 reaches one log entry (line → nodes → node → log → entry).
 */
export function writeJson(v: unknown, write: (chunk: string) => void, depth: number): void {
  if (depth <= 0 || v === null || typeof v !== 'object') {
    write(JSON.stringify(v) ?? 'null');
    return;
  }
  if (Array.isArray(v)) {
    write('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) write(',');
      const x: unknown = v[i];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') write('null');
      else writeJson(x, write, depth - 1);
    }
    write(']');
    return;
  }
  write('{');
  let first = true;
  for (const k of Object.keys(v)) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    write(first ? JSON.stringify(k) + ':' : ',' + JSON.stringify(k) + ':');
    first = false;
    writeJson(x, write, depth - 1);
  }
  write('}');
}
