// Safety properties of the Raft paper (figure 3) checked on the contract's trace lines:
// election safety, term monotonicity, state machine safety (agreement and in-order applies),
// log matching and leader completeness on `final`, and "a failed put is never applied".
import type { Entry, TraceLine, Violation } from './types.ts';

interface NodeTrack {
  term: number;
  termLine: number;
  lastApplied: number;
  /** The node restarted and has not applied (nor installed a snapshot) since. */
  restarted: boolean;
  snapshotIndex: number;
  commitEver: number;
  commitSinceRestart: number;
  /** A `removed` line was seen (an engine extension line): the next line naming this id is a new member. */
  removed: boolean;
}

interface Placed {
  term: number;
  entryKey: string;
  node: string;
  line: number;
  t: number;
}

/** Canonical text of an entry (sorted keys), so that equal entries compare equal. */
export function entryKey(e: unknown): string {
  return stable(e);
}
function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return '[' + v.map(stable).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => JSON.stringify(k) + ':' + stable(o[k])).join(',') + '}';
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const showEntry = (e: unknown) => stable(e);

export interface FinalNode {
  role?: string;
  term?: number;
  votedFor?: string | null;
  commitIndex?: number;
  lastApplied?: number;
  up?: boolean;
  snapshotIndex?: number;
  log?: { index: number; term: number; entry: Entry }[];
}

export interface SafetyOutput {
  violations: Violation[];
  applies: number;
  leaderTerms: number;
  hasFinal: boolean;
}

export function checkSafety(lines: readonly TraceLine[], failedPuts: { op: number; key: string; value: string }[], otherPuts: Set<string>): SafetyOutput {
  const v: Violation[] = [];
  const nodes = new Map<string, NodeTrack>();
  const track = (id: string): NodeTrack => {
    let n = nodes.get(id);
    if (!n || n.removed) nodes.set(id, (n = { term: 0, termLine: -1, lastApplied: 0, restarted: false, snapshotIndex: 0, commitEver: 0, commitSinceRestart: 0, removed: false }));
    return n;
  };
  const leaders = new Map<number, { node: string; line: number; t: number }>();
  const twoLeadersReported = new Set<number>();
  const applied = new Map<number, Placed>(); // index -> first apply seen
  const committed = new Map<number, Placed>(); // index -> term from commit / snapshot lines
  const failed = new Map<string, number>(); // "key\0value" -> op, for puts that failed and no other put explains
  for (const f of failedPuts) {
    const k = f.key + '\u0000' + f.value;
    if (!otherPuts.has(k)) failed.set(k, f.op);
  }
  const failedReported = new Set<number>();
  let applies = 0;
  let maxLeaderTerm = -1;
  let finalLine: TraceLine | undefined;
  let finalPos = -1;

  const seeLeader = (node: string, term: number, i: number, t: number) => {
    if (term > maxLeaderTerm) maxLeaderTerm = term;
    const l = leaders.get(term);
    if (!l) leaders.set(term, { node, line: i, t });
    else if (l.node !== node && !twoLeadersReported.has(term)) {
      twoLeadersReported.add(term);
      v.push({ kind: 'election-safety', line: i, t, node, term, message: `two leaders in term ${term}: ${l.node} (line ${l.line}, t=${l.t}) and ${node} (line ${i}, t=${t})` });
    }
  };
  const seeTerm = (node: string, term: number, i: number, t: number, what: string) => {
    const n = track(node);
    if (term < n.term) {
      v.push({ kind: 'term-monotonicity', line: i, t, node, term, message: `${node}'s term went down from ${n.term} (line ${n.termLine}) to ${term} (${what}, line ${i}, t=${t})` });
    }
    if (term >= n.term) {
      n.term = term;
      n.termLine = i;
    }
  };
  const placeCommitted = (node: string, index: number, term: number, i: number, t: number, what: string) => {
    const c = committed.get(index);
    if (!c) committed.set(index, { term, entryKey: '', node, line: i, t });
    else if (c.term !== term) {
      v.push({ kind: 'commit-disagree', line: i, t, node, index, term, message: `index ${index} committed with term ${c.term} by ${c.node} (line ${c.line}) but ${what} by ${node} says term ${term} (line ${i}, t=${t})` });
    }
    const a = applied.get(index);
    if (a && a.term !== term) {
      v.push({ kind: 'commit-disagree', line: i, t, node, index, term, message: `index ${index} was applied with term ${a.term} by ${a.node} (line ${a.line}) but ${what} by ${node} says term ${term} (line ${i}, t=${t})` });
    }
  };

  lines.forEach((l, i) => {
    const t = l.t;
    switch (l.type) {
      case 'role': {
        if (!isStr(l.node) || !isNum(l.term) || !isStr(l.role)) {
          v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: a role line needs node, role and a numeric term` });
          return;
        }
        seeTerm(l.node, l.term, i, t, `role ${l.role}`);
        if (l.role === 'leader') seeLeader(l.node, l.term, i, t);
        return;
      }
      case 'removed': {
        // Not a contract line, but allowed: after it, an id added again is a new member with empty state.
        if (isStr(l.node)) track(l.node).removed = true;
        return;
      }
      case 'crash': {
        if (!isStr(l.node)) v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: a crash line needs a node` });
        return;
      }
      case 'restart': {
        if (!isStr(l.node)) {
          v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: a restart line needs a node` });
          return;
        }
        const n = track(l.node);
        n.restarted = true;
        n.commitSinceRestart = 0;
        return;
      }
      case 'commit': {
        if (!isStr(l.node) || !isNum(l.index) || !isNum(l.term)) {
          v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: a commit line needs node, index and term` });
          return;
        }
        const n = track(l.node);
        if (l.index <= n.commitSinceRestart) {
          v.push({ kind: 'commit-regress', line: i, t, node: l.node, index: l.index, message: `${l.node}'s commit index did not advance: ${n.commitSinceRestart} then ${l.index} (line ${i}, t=${t})` });
        }
        n.commitSinceRestart = Math.max(n.commitSinceRestart, l.index);
        n.commitEver = Math.max(n.commitEver, l.index);
        placeCommitted(l.node, l.index, l.term, i, t, 'a commit line');
        return;
      }
      case 'snapshot': {
        if (!isStr(l.node) || !isNum(l.index) || !isNum(l.term)) {
          v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: a snapshot line needs node, index and term` });
          return;
        }
        const n = track(l.node);
        n.snapshotIndex = l.index;
        if (n.restarted) {
          n.restarted = false;
          n.lastApplied = l.index;
        } else if (l.index > n.lastApplied) n.lastApplied = l.index;
        n.commitEver = Math.max(n.commitEver, l.index);
        if (l.index > 0) placeCommitted(l.node, l.index, l.term, i, t, 'a snapshot');
        return;
      }
      case 'apply': {
        if (!isStr(l.node) || !isNum(l.index) || !isNum(l.term) || typeof l.entry !== 'object' || l.entry === null || !isStr((l.entry as Entry).kind)) {
          v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: an apply line needs node, index, term and an entry with a kind` });
          return;
        }
        applies++;
        const node = l.node;
        const n = track(node);
        const ek = entryKey(l.entry);
        // Agreement across nodes.
        const a = applied.get(l.index);
        if (!a) applied.set(l.index, { term: l.term, entryKey: ek, node, line: i, t });
        else if (a.term !== l.term || a.entryKey !== ek) {
          v.push({
            kind: 'apply-disagree', line: i, t, node, index: l.index, term: l.term,
            message: `divergent applies at index ${l.index}: ${a.node} applied term ${a.term} ${a.entryKey} (line ${a.line}, t=${a.t}); ${node} applied term ${l.term} ${ek} (line ${i}, t=${t})`,
          });
        }
        const c = committed.get(l.index);
        if (c && c.term !== l.term) {
          v.push({ kind: 'commit-disagree', line: i, t, node, index: l.index, term: l.term, message: `${node} applied index ${l.index} with term ${l.term} (line ${i}) but ${c.node} committed it with term ${c.term} (line ${c.line})` });
        }
        // In order, without gaps.
        if (n.restarted) {
          const okStarts = [1, n.snapshotIndex + 1];
          if (!okStarts.includes(l.index)) {
            v.push({ kind: 'apply-order', line: i, t, node, index: l.index, message: `${node} restarted and then applied index ${l.index} first (line ${i}, t=${t}); it must begin again from 1 or from its snapshot (${n.snapshotIndex}) + 1` });
          }
          n.restarted = false;
        } else if (l.index !== n.lastApplied + 1) {
          const what = l.index > n.lastApplied + 1 ? `a gap: indices ${n.lastApplied + 1}..${l.index - 1} were never applied` : `index ${l.index} again or backwards`;
          v.push({ kind: 'apply-order', line: i, t, node, index: l.index, message: `${node} applied index ${l.index} right after ${n.lastApplied} (line ${i}, t=${t}): ${what}` });
        }
        n.lastApplied = l.index;
        if (l.index > Math.max(n.commitEver, n.snapshotIndex)) {
          v.push({ kind: 'apply-uncommitted', line: i, t, node, index: l.index, message: `${node} applied index ${l.index} (line ${i}, t=${t}) while its commit index was only ${n.commitEver}` });
        }
        // A failed put is never applied.
        const e = l.entry as Entry;
        if (e.kind === 'put' && isStr(e.key) && isStr(e.value)) {
          const op = failed.get(e.key + '\u0000' + e.value);
          if (op !== undefined && !failedReported.has(op)) {
            failedReported.add(op);
            v.push({ kind: 'failed-put-applied', line: i, t, node, index: l.index, ops: [op], key: e.key, message: `put op ${op} (${e.key}=${JSON.stringify(e.value)}) ended fail, yet ${node} applied it at index ${l.index} (line ${i}, t=${t})` });
          }
        }
        return;
      }
      case 'final': {
        if (finalLine) v.push({ kind: 'trace-format', line: i, t, message: `line ${i}: a second final line` });
        finalLine = l;
        finalPos = i;
        return;
      }
      default:
        return;
    }
  });

  if (finalLine) {
    const fn = finalLine.nodes;
    if (typeof fn !== 'object' || fn === null || Array.isArray(fn)) {
      v.push({ kind: 'trace-format', line: finalPos, message: `line ${finalPos}: final needs a nodes object` });
    } else {
      checkFinal(fn as Record<string, FinalNode>, finalPos, finalLine.t, { v, seeTerm, seeLeader, applied, committed, nodes, getMaxLeaderTerm: () => maxLeaderTerm });
    }
  }
  return { violations: v, applies, leaderTerms: leaders.size, hasFinal: !!finalLine };
}

interface FinalCtx {
  v: Violation[];
  seeTerm: (node: string, term: number, i: number, t: number, what: string) => void;
  seeLeader: (node: string, term: number, i: number, t: number) => void;
  applied: Map<number, Placed>;
  committed: Map<number, Placed>;
  nodes: Map<string, NodeTrack>;
  getMaxLeaderTerm: () => number;
}

function checkFinal(fn: Record<string, FinalNode>, pos: number, t: number, ctx: FinalCtx) {
  const { v } = ctx;
  const logs = new Map<string, Map<number, { term: number; key: string }>>();
  for (const [id, n] of Object.entries(fn)) {
    if (typeof n !== 'object' || n === null) {
      v.push({ kind: 'trace-format', line: pos, message: `final.nodes.${id} is not an object` });
      continue;
    }
    if (isNum(n.term)) ctx.seeTerm(id, n.term, pos, t, 'final');
    if (n.role === 'leader' && isNum(n.term) && n.up !== false) ctx.seeLeader(id, n.term, pos, t);
    const m = new Map<number, { term: number; key: string }>();
    if (!Array.isArray(n.log)) {
      v.push({ kind: 'trace-format', line: pos, node: id, message: `final.nodes.${id}.log is not an array` });
    } else {
      for (const e of n.log) {
        if (!e || !isNum(e.index) || !isNum(e.term)) {
          v.push({ kind: 'trace-format', line: pos, node: id, message: `final.nodes.${id}.log holds an entry without numeric index and term` });
          continue;
        }
        m.set(e.index, { term: e.term, key: entryKey(e.entry) });
      }
    }
    logs.set(id, m);
    // Committed entries in a final log agree with what was applied / committed anywhere.
    const ci = isNum(n.commitIndex) ? n.commitIndex : 0;
    for (const [index, e] of m) {
      if (index > ci) continue;
      const a = ctx.applied.get(index);
      if (a && (a.term !== e.term || a.entryKey !== e.key)) {
        v.push({ kind: 'final-log-disagree', line: pos, node: id, index, message: `${id}'s final log holds term ${e.term} ${e.key} at committed index ${index}, but ${a.node} applied term ${a.term} ${a.entryKey} there (line ${a.line})` });
        continue;
      }
      const c = ctx.committed.get(index);
      if (c && c.term !== e.term) {
        v.push({ kind: 'final-log-disagree', line: pos, node: id, index, message: `${id}'s final log holds term ${e.term} at committed index ${index}, but ${c.node} committed term ${c.term} there (line ${c.line})` });
      }
    }
  }
  // Log matching: same (index, term) in two logs => identical up to there.
  const ids = [...logs.keys()];
  for (let x = 0; x < ids.length; x++) {
    for (let y = x + 1; y < ids.length; y++) {
      const a = logs.get(ids[x])!;
      const b = logs.get(ids[y])!;
      let top = 0;
      for (const [index, e] of a) {
        const f = b.get(index);
        if (f && f.term === e.term && index > top) top = index;
      }
      if (top === 0) continue;
      const bad: number[] = [];
      for (const [index, e] of a) {
        if (index > top) continue;
        const f = b.get(index);
        if (f && (f.term !== e.term || f.key !== e.key)) bad.push(index);
      }
      if (bad.length) {
        bad.sort((p, q) => p - q);
        const i0 = bad[0];
        v.push({
          kind: 'log-matching', line: pos, index: i0, node: ids[x],
          message: `log matching broken between ${ids[x]} and ${ids[y]}: both hold index ${top} with term ${a.get(top)!.term}, yet they differ at index ${i0} (${ids[x]}: term ${a.get(i0)!.term} ${a.get(i0)!.key}; ${ids[y]}: term ${b.get(i0)!.term} ${b.get(i0)!.key})${bad.length > 1 ? ` and at ${bad.length - 1} more indices` : ''}`,
        });
      }
    }
  }
  // Leader completeness: every applied entry is in the final log of the highest-term leader
  // (when that leader's term is the highest any leader ever reached), or at/below its snapshot.
  let leader: string | undefined;
  let lt = -1;
  for (const [id, n] of Object.entries(fn)) {
    if (n && n.role === 'leader' && n.up !== false && isNum(n.term) && n.term > lt) {
      lt = n.term;
      leader = id;
    }
  }
  if (leader !== undefined && lt >= ctx.getMaxLeaderTerm()) {
    const n = fn[leader];
    const log = logs.get(leader)!;
    let snap = isNum(n.snapshotIndex) ? n.snapshotIndex : 0;
    snap = Math.max(snap, ctx.nodes.get(leader)?.snapshotIndex ?? 0);
    if (log.size) snap = Math.max(snap, Math.min(...log.keys()) - 1);
    const missing: number[] = [];
    for (const [index, a] of ctx.applied) {
      if (index <= snap) continue;
      const e = log.get(index);
      if (!e || e.term !== a.term || e.key !== a.entryKey) missing.push(index);
    }
    if (missing.length) {
      missing.sort((p, q) => p - q);
      const i0 = missing[0];
      const a = ctx.applied.get(i0)!;
      const e = log.get(i0);
      v.push({
        kind: 'leader-completeness', line: pos, node: leader, index: i0, term: lt,
        message: `leader completeness broken: ${a.node} applied index ${i0} (term ${a.term} ${showEntry(JSON.parse(a.entryKey))}, line ${a.line}), but the final log of ${leader}, leader of the highest term ${lt}, ${e ? `holds term ${e.term} ${e.key} there` : 'does not hold it'} (snapshot index ${snap})${missing.length > 1 ? `; ${missing.length - 1} more applied indices likewise` : ''}`,
      });
    }
  }
}
