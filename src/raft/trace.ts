// Trace output (the contract's JSON Lines). Field order is fixed by the object literals that build each
// line, so the same run always serialises to the same bytes.
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

/** JSON Lines: one line per trace line, the final line last, newline-terminated. */
export function toJsonl(lines: readonly TraceLine[], final: TraceLine): string {
  const out: string[] = new Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) out[i] = JSON.stringify(lines[i]);
  out[lines.length] = JSON.stringify(final);
  return out.join('\n') + '\n';
}
