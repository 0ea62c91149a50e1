// Types of the independent trace checker. It reads the contract's trace lines
// (../shared/spec/simulation-contract.md) and nothing else: no import from src/raft.

/** One trace line, as parsed from JSON Lines. Unknown types and extra fields are allowed and ignored. */
export interface TraceLine {
  t: number;
  type: string;
  [field: string]: unknown;
}

/** A log entry as the contract writes it (`noop`, `put`, `delete`, `config`; extra fields allowed). */
export interface Entry {
  kind: string;
  key?: string;
  value?: string;
  members?: string[];
  learners?: string[];
  [field: string]: unknown;
}

export type ViolationKind =
  | 'trace-format' // a line breaks the contract's shape (missing field, bad type)
  | 'election-safety' // two leaders in one term
  | 'term-monotonicity' // a node's term went down
  | 'apply-disagree' // two apply lines disagree on the entry at one index
  | 'apply-order' // a node applied out of order / with a gap
  | 'apply-uncommitted' // a node applied an index above its commit index
  | 'commit-disagree' // two nodes committed different terms at one index
  | 'commit-regress' // a commit line that does not advance (without a restart)
  | 'log-matching' // final logs share (index, term) but differ below
  | 'final-log-disagree' // a final log holds, at or below its commit index, an entry differing from what was applied
  | 'leader-completeness' // an applied entry is missing from the highest-term leader's final log
  | 'failed-put-applied' // a put that ended `fail` was applied
  | 'linearizability' // the client history is not linearizable
  | 'history-format'; // client ops that make no sense (completion without invoke, two completions...)

export interface Violation {
  kind: ViolationKind;
  /** A readable sentence naming nodes, indices, terms, ops and times. */
  message: string;
  /** Trace line number (0-based position in the array) where it was detected, when there is one. */
  line?: number;
  t?: number;
  node?: string;
  index?: number;
  term?: number;
  key?: string;
  ops?: number[];
}

export interface Inconclusive {
  key: string;
  reason: string;
  ops: number;
}

export interface CheckOptions {
  /** Upper bound on linearizability search steps per key before giving up with "inconclusive". Default 200 000. */
  maxSearchSteps?: number;
  /** Report a missing `final` line as a violation. Default false (a trace in progress has none). */
  requireFinal?: boolean;
  /** Skip the linearizability search (safety checks only). Default false. */
  skipLinearizability?: boolean;
}

export interface CheckResult {
  /** True when there is no violation (inconclusive keys do not make it false; look at `inconclusive`). */
  ok: boolean;
  violations: Violation[];
  inconclusive: Inconclusive[];
  stats: { lines: number; applies: number; ops: number; keys: number; searchSteps: number; leaders: number };
}
