// The project's independent trace checker. It knows nothing of the engine: it reads the
// trace lines of ../shared/spec/simulation-contract.md and verifies what the contract's
// section "What an independent checker verifies" lists. Pure TypeScript, no I/O.
//
//   import { checkTrace, parseTrace, formatResult } from '../checker';
//   const result = checkTrace(parseTrace(text).lines);
//   if (!result.ok) console.log(formatResult(result));
import { readHistory } from './history.ts';
import { checkLinearizable } from './linearizability.ts';
import { checkSafety } from './safety.ts';
import type { CheckOptions, CheckResult, TraceLine, Violation } from './types.ts';

export type { CheckOptions, CheckResult, Entry, Inconclusive, TraceLine, Violation, ViolationKind } from './types.ts';
export { readHistory, describeOp, type ClientOp } from './history.ts';
export { checkKey, checkLinearizable, type KeyResult } from './linearizability.ts';
export { entryKey } from './safety.ts';

/** Max violations of one kind kept in a result (the rest are counted in one summary line). */
const PER_KIND = 20;

export function checkTrace(lines: readonly TraceLine[], options: CheckOptions = {}): CheckResult {
  const maxSteps = options.maxSearchSteps ?? 200_000;
  const violations: Violation[] = [];
  const history = readHistory(lines);
  violations.push(...history.violations);

  const failedPuts: { op: number; key: string; value: string }[] = [];
  const otherPuts = new Set<string>();
  for (const o of history.ops) {
    if (o.f !== 'put') continue;
    if (o.status === 'fail') failedPuts.push({ op: o.op, key: o.key, value: o.value as string });
    else otherPuts.add(o.key + '\u0000' + o.value);
  }
  const safety = checkSafety(lines, failedPuts, otherPuts);
  violations.push(...safety.violations);
  if (options.requireFinal && !safety.hasFinal) violations.push({ kind: 'trace-format', message: 'the trace has no final line' });

  let searchSteps = 0;
  const inconclusive: CheckResult['inconclusive'] = [];
  let keys = 0;
  if (!options.skipLinearizability) {
    for (const r of checkLinearizable(history.ops, maxSteps)) {
      keys++;
      searchSteps += r.steps;
      if (r.outcome === 'violation') violations.push({ kind: 'linearizability', key: r.key, ops: r.ops, message: r.message! });
      else if (r.outcome === 'inconclusive') {
        inconclusive.push({ key: r.key, ops: history.ops.filter((o) => o.key === r.key).length, reason: `search stopped after ${r.steps} steps (bound ${maxSteps}) without an answer` });
      }
    }
  }
  // Keep results readable: at most PER_KIND violations of each kind.
  const kept: Violation[] = [];
  const count = new Map<string, number>();
  for (const x of violations) {
    const c = (count.get(x.kind) ?? 0) + 1;
    count.set(x.kind, c);
    if (c <= PER_KIND) kept.push(x);
  }
  for (const [kind, c] of count) {
    if (c > PER_KIND) kept.push({ kind: kind as Violation['kind'], message: `… and ${c - PER_KIND} more ${kind} violations` });
  }
  return {
    ok: kept.length === 0,
    violations: kept,
    inconclusive,
    stats: { lines: lines.length, applies: safety.applies, ops: history.ops.length, keys, searchSteps, leaders: safety.leaderTerms },
  };
}

/** Parses JSON Lines. Blank lines are skipped; a line that is not a JSON object with numeric t and string type is reported. */
export function parseTrace(text: string): { lines: TraceLine[]; errors: string[] } {
  const lines: TraceLine[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (!s) return;
    let x: unknown;
    try {
      x = JSON.parse(s);
    } catch (e) {
      errors.push(`line ${i + 1}: not JSON (${(e as Error).message})`);
      return;
    }
    if (typeof x !== 'object' || x === null || Array.isArray(x) || typeof (x as TraceLine).t !== 'number' || typeof (x as TraceLine).type !== 'string') {
      errors.push(`line ${i + 1}: not an object with a numeric "t" and a string "type"`);
      return;
    }
    lines.push(x as TraceLine);
  });
  return { lines, errors };
}

/** A readable multi-line report of a result. */
export function formatResult(r: CheckResult): string {
  const out: string[] = [];
  out.push(r.ok ? 'OK: no violation' : `${r.violations.length} violation(s)`);
  for (const v of r.violations) out.push(`  [${v.kind}] ${v.message}`);
  for (const i of r.inconclusive) out.push(`  [inconclusive] key ${JSON.stringify(i.key)} (${i.ops} ops): ${i.reason}`);
  out.push(`  (${r.stats.lines} lines, ${r.stats.applies} applies, ${r.stats.ops} client ops on ${r.stats.keys} keys, ${r.stats.leaders} leader terms, ${r.stats.searchSteps} search steps)`);
  return out.join('\n');
}
