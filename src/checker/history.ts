// The client history: invoke / ok / fail / info lines turned into operations.
import type { TraceLine, Violation } from './types.ts';

export type OpStatus = 'ok' | 'fail' | 'info' | 'open';

export interface ClientOp {
  op: number;
  client: string;
  f: 'put' | 'get' | 'delete';
  key: string;
  /** For a put: the value written. */
  value?: string;
  consistency: 'linearizable' | 'serializable';
  /** Position of the invoke line in the trace (the checker's real-time clock: lines are in happened order). */
  invokeLine: number;
  invokeT: number;
  status: OpStatus;
  endLine?: number;
  endT?: number;
  /** For a get that ended ok: the value read (null when the key was absent). */
  result?: string | null;
  error?: string;
}

const isStr = (x: unknown): x is string => typeof x === 'string';

/** Reads the client history out of a trace. Malformed client lines are reported, never thrown. */
export function readHistory(lines: readonly TraceLine[]): { ops: ClientOp[]; violations: Violation[] } {
  const byId = new Map<number, ClientOp>();
  const ops: ClientOp[] = [];
  const violations: Violation[] = [];
  lines.forEach((l, i) => {
    if (l.type === 'invoke') {
      const op = l.op;
      const f = l.f;
      if (typeof op !== 'number' || !isStr(l.key) || (f !== 'put' && f !== 'get' && f !== 'delete')) {
        violations.push({ kind: 'history-format', line: i, t: l.t, message: `line ${i}: invoke needs a numeric op, f in put/get/delete and a key` });
        return;
      }
      if (byId.has(op)) {
        violations.push({ kind: 'history-format', line: i, t: l.t, ops: [op], message: `line ${i}: op ${op} invoked twice` });
        return;
      }
      if (f === 'put' && !isStr(l.value)) {
        violations.push({ kind: 'history-format', line: i, t: l.t, ops: [op], message: `line ${i}: put op ${op} has no string value` });
        return;
      }
      const o: ClientOp = {
        op,
        client: isStr(l.client) ? l.client : 'client',
        f,
        key: l.key,
        value: f === 'put' ? (l.value as string) : undefined,
        consistency: f === 'get' && l.consistency === 'serializable' ? 'serializable' : 'linearizable',
        invokeLine: i,
        invokeT: l.t,
        status: 'open',
      };
      byId.set(op, o);
      ops.push(o);
    } else if (l.type === 'ok' || l.type === 'fail' || l.type === 'info') {
      const op = l.op;
      const o = typeof op === 'number' ? byId.get(op) : undefined;
      if (!o) {
        violations.push({ kind: 'history-format', line: i, t: l.t, message: `line ${i}: ${l.type} for op ${String(op)} that was never invoked` });
        return;
      }
      if (o.status !== 'open') {
        violations.push({ kind: 'history-format', line: i, t: l.t, ops: [o.op], message: `line ${i}: op ${o.op} completed twice (${o.status}, then ${l.type})` });
        return;
      }
      o.status = l.type;
      o.endLine = i;
      o.endT = l.t;
      if (l.type === 'ok' && o.f === 'get') {
        if (l.value === null || l.value === undefined) o.result = null;
        else if (isStr(l.value)) o.result = l.value;
        else {
          violations.push({ kind: 'history-format', line: i, t: l.t, ops: [o.op], message: `line ${i}: get op ${o.op} returned a non-string value` });
          o.result = String(l.value);
        }
      }
      if (l.type !== 'ok' && isStr(l.error)) o.error = l.error;
    }
  });
  return { ops, violations };
}

export function describeOp(o: ClientOp): string {
  const what =
    o.f === 'put' ? `put ${o.key}=${JSON.stringify(o.value)}`
    : o.f === 'delete' ? `delete ${o.key}`
    : `get ${o.key}${o.consistency === 'serializable' ? ' (serializable)' : ''}`;
  const end =
    o.status === 'open' ? 'never completed'
    : o.status === 'ok' ? `ok at t=${o.endT}${o.f === 'get' ? ` → ${JSON.stringify(o.result)}` : ''}`
    : `${o.status} at t=${o.endT}`;
  return `op ${o.op} [${o.client}] ${what}, invoked t=${o.invokeT}, ${end}`;
}
