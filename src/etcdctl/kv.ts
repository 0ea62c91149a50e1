// put, get, del: client requests through Raft (the engine's put/get/delete actions), with the checks the etcd
// server front end makes before Raft (learner, request size) and the client's deadline.
import type { Action, NodeView, OpView } from '../raft/types';
import type { Client } from './client';
import { alive } from './cluster-view';
import { etcdError, type Refusal } from './errors';
import type { Invocation } from './flags';
import { base64, byteLength, goJSON } from './format';
import { CLIENT_MAX_SEND, MAX_REQUEST_BYTES } from '../scenarios/limits';

/** Client request limits: gRPC's default client send limit, and etcd's --max-request-bytes default (defined
 *  once, with the scenario and share-link limits, in src/scenarios/limits.ts). */
export { CLIENT_MAX_SEND, MAX_REQUEST_BYTES };
/** Client retries before a request rejected by a learner gives up (recorded: 100 attempts, 2617 ms). */
const LEARNER_RETRIES = 100;
const LEARNER_RETRY_MS = 26;

function varintLen(n: number): number {
  let l = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    l++;
  }
  return l;
}

/** Size of the protobuf PutRequest etcdctl sends (key = field 1, value = field 2). */
export function putRequestSize(key: string, value: string): number {
  const k = byteLength(key);
  const v = byteLength(value);
  return (k ? 1 + varintLen(k) + k : 0) + (v ? 1 + varintLen(v) + v : 0);
}

interface Outcome {
  op?: OpView;
  rejected?: Refusal;
  deadline: number;
}

/** Send one KV request through the engine and wait for its end or the client deadline. A member that
 *  knows no leader holds the request until it learns one (etcd's raft node accepts no proposal without a
 *  leader): the request is sent again through the engine once that member has a leader, until the deadline.
 *  That is why every recorded quorum-lost request took the whole 5 s command timeout. */
async function kvRequest(c: Client, action: Action, timeout: number, deadlineAt?: number): Promise<Outcome> {
  const deadline = deadlineAt ?? c.sim.now + timeout;
  const node = (action as { node?: string }).node;
  for (let attempt = 0; attempt < 50; attempt++) {
    const { id, rejected } = c.applyCatching({ ...action, client: 'etcdctl' } as Action);
    if (id === undefined) return { rejected: rejected ?? { code: undefined, reason: 'rejected' }, deadline };
    const find = () => c.sim.ops().find((o) => o.op === id);
    const ended = () => {
      const o = find();
      return !!o && o.status !== 'pending';
    };
    await c.wait(deadline, ended);
    const op = find();
    if (op?.status === 'fail' && op.code === 'no-leader' && c.sim.now < deadline) {
      // Held by the member until it knows a leader again (or the client gives up).
      await c.wait(deadline, () => {
        const v = alive(c.sim, node);
        return !v || (v.leader !== null && v.leader !== undefined);
      });
      if (c.sim.now >= deadline || !alive(c.sim, node)) return { op: { ...op, status: 'pending' }, deadline };
      continue;
    }
    // Ended, or still pending / `info` at the deadline: the caller decides what the client prints.
    return { op, deadline };
  }
  return { deadline };
}

/** The check the etcd server front end does before Raft: a learner serves nothing but serializable reads. */
async function learnerReject(c: Client, node: NodeView, target: string, retries: number): Promise<void> {
  if (node.voter) return;
  const text = 'rpc error: code = Unavailable desc = etcdserver: rpc not supported for learner';
  for (let a = 0; a < retries; a++) {
    await c.sleep(a === 0 ? 14 : LEARNER_RETRY_MS, false);
    c.warn(target, text, a);
  }
  c.fail(1, 'etcdserver: rpc not supported for learner');
}

/** Print the outcome of a request: `onOk` on success, else the error etcdctl shows for how it ended. */
async function finish(c: Client, r: Outcome, target: string, kind: 'put' | 'get', timeout: number, onOk: () => void): Promise<number> {
  if (r.rejected) c.refuse(target, etcdError(r.rejected));
  const op = r.op;
  if (op?.status === 'ok') {
    onOk();
    return 0;
  }
  // A refusal by the etcd server itself (a learner, …); "no leader" is not one: the member holds the request.
  if (op?.status === 'fail' && op.code !== undefined && op.code !== 'no-leader') {
    const e = etcdError({ code: op.code, reason: op.error ?? '' });
    if (e.text.startsWith('etcdserver: ')) c.refuse(target, e);
  }
  if (op?.status === 'info' && (op.endedAt ?? r.deadline) < r.deadline) {
    // The server gave up before the client did (etcd's request timeout).
    c.timeoutWait = Math.max(c.timeoutWait, Math.round((op.endedAt ?? c.sim.now) - op.invokedAt));
    c.refuse(target, { text: 'etcdserver: request timed out', code: 'Unavailable' });
  }
  // No answer: the client waits until its deadline, then gives up.
  if (c.sim.now < r.deadline) await c.wait(r.deadline, () => false);
  c.timeoutWait = Math.max(c.timeoutWait, timeout);
  c.deadline(target, kind, String(op?.op ?? c.seq));
}

export async function put(c: Client, inv: Invocation, stdin?: string): Promise<number> {
  const args = inv.args;
  if (args.length === 0 || (args.length === 1 && stdin === undefined) || args.length > 2) {
    c.fail(128, 'put command needs 1 argument and input from stdin or 2 arguments');
  }
  const key = args[0];
  const value = args.length > 1 ? args[1] : (stdin ?? '');
  if (key === '') c.fail(1, 'etcdserver: key is not provided');
  const eps = c.endpoints(inv);
  const timeout = c.timeout(inv);
  const size = putRequestSize(key, value);
  const target = c.target(eps);
  if (size > CLIENT_MAX_SEND) {
    const m = `rpc error: code = ResourceExhausted desc = trying to send message larger than max (${size} vs. ${CLIENT_MAX_SEND})`;
    c.warn(target, m);
    c.fail(1, m);
  }
  const conn = c.connect(eps);
  if (!conn) return c.unreachable(eps, timeout);
  if (size > MAX_REQUEST_BYTES) c.refuse(target, { text: 'etcdserver: request is too large', code: 'InvalidArgument' });
  await learnerReject(c, conn.node, target, 1);
  const r = await kvRequest(c, { action: 'put', key, value, node: conn.node.id }, timeout);
  return finish(c, r, target, 'put', timeout, () => {
    const v = c.sim.node(conn.node.id) ?? conn.node;
    if (inv.flags['write-out'] === 'json') c.print(goJSON({ header: c.header(v, r.op?.revision) }));
    else if (inv.flags['write-out'] === 'table') c.fail(4, 'table is not supported as output format');
    else c.print('OK');
  });
}

interface KvRow {
  key: string;
  value: string;
  create: number;
  mod: number;
  version: number;
}

/** The keys a get returns, from the state of the member that served the read. */
function rangeOf(v: NodeView, key: string, rangeEnd: string | undefined, prefix: boolean, result: string | null | undefined): KvRow[] {
  if (prefix || rangeEnd !== undefined) {
    const match = (k: string) => (prefix ? k.startsWith(key) : k >= key && (rangeEnd === '' || rangeEnd === '\0' || k < rangeEnd!));
    return Object.keys(v.kv)
      .filter(match)
      .sort()
      .map((k) => ({ key: k, value: v.kv[k].value, create: v.kv[k].createRevision, mod: v.kv[k].modRevision, version: v.kv[k].version }));
  }
  const rec = v.kv[key];
  return result === null || result === undefined
    ? []
    : [{ key, value: result, create: rec?.createRevision ?? 0, mod: rec?.modRevision ?? 0, version: rec?.version ?? 0 }];
}

function printGet(c: Client, inv: Invocation, v: NodeView, revision: number | undefined, all: KvRow[]): void {
  const w = inv.flags['write-out'];
  const count = all.length;
  const limit = Number(inv.flags.limit) || 0;
  const more = limit > 0 && all.length > limit;
  const kvs = limit > 0 ? all.slice(0, limit) : all;
  if (w === 'json') {
    c.print(
      goJSON({
        header: c.header(v, revision),
        kvs: kvs.length
          ? kvs.map((x) => ({
              key: base64(x.key),
              create_revision: x.create || undefined,
              mod_revision: x.mod || undefined,
              version: x.version || undefined,
              value: inv.flags['keys-only'] === true ? undefined : base64(x.value),
            }))
          : undefined,
        more: more || undefined,
        count: count || undefined,
      }),
    );
  } else if (w === 'table') {
    c.fail(4, 'table is not supported as output format');
  } else {
    for (const x of kvs) {
      if (inv.flags['print-value-only'] !== true) c.print(x.key);
      if (inv.flags['keys-only'] !== true) c.print(x.value);
    }
  }
}

export async function get(c: Client, inv: Invocation): Promise<number> {
  const args = inv.args;
  if (args.length === 0) c.fail(128, 'get command needs one argument as key and an optional argument as range_end');
  const prefix = inv.flags.prefix === true;
  if (args.length > 1 && prefix) c.fail(128, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  if (args.length > 2) c.fail(128, 'get command needs one argument as key and an optional argument as range_end');
  const cons = String(inv.flags.consistency);
  if (cons !== 'l' && cons !== 's') c.fail(4, `unknown consistency flag ${goJSON(cons)}`);
  if (inv.flags['print-value-only'] === true && inv.flags['write-out'] !== 'simple') c.fail(128, 'print-value-only is only for `--write-out=simple`');
  const key = args[0];
  const rangeEnd = args[1];
  const eps = c.endpoints(inv);
  const timeout = c.timeout(inv);
  const target = c.target(eps);
  const conn = c.connect(eps);
  if (!conn) return c.unreachable(eps, timeout);
  const serializable = cons === 's';
  if (!serializable) await learnerReject(c, conn.node, target, LEARNER_RETRIES);
  // One Raft read (ReadIndex for linearizable, local for serializable) for the key asked; a range is then
  // served from the state of that same member, as etcd serves a range once the read index is reached.
  const r = await kvRequest(c, { action: 'get', key, node: conn.node.id, consistency: serializable ? 'serializable' : 'linearizable' }, timeout);
  return finish(c, r, target, 'get', timeout, () => {
    const v = c.sim.node(conn.node.id) ?? conn.node;
    printGet(c, inv, v, r.op?.revision, rangeOf(v, key, rangeEnd, prefix, r.op?.result));
  });
}

export async function del(c: Client, inv: Invocation): Promise<number> {
  const args = inv.args;
  if (args.length === 0 || args.length > 2) c.fail(128, 'del command needs one argument as key and an optional argument as range_end');
  const prefix = inv.flags.prefix === true;
  if (args.length > 1 && prefix) c.fail(128, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  const key = args[0];
  const eps = c.endpoints(inv);
  const timeout = c.timeout(inv);
  const target = c.target(eps);
  const conn = c.connect(eps);
  if (!conn) return c.unreachable(eps, timeout);
  await learnerReject(c, conn.node, target, 1);
  const start = c.sim.now;
  // Which keys: the member's view of the range (a single key for a plain del).
  const v0 = c.sim.node(conn.node.id) ?? conn.node;
  const keys = prefix || args.length > 1
    ? Object.keys(v0.kv).filter((k) => (prefix ? k.startsWith(key) : k >= key && k < args[1])).sort()
    : [key];
  let deleted = 0;
  let last: Outcome = { deadline: start + timeout };
  for (const k of keys.length ? keys : [key]) {
    const existed = (c.sim.node(conn.node.id)?.kv ?? {})[k] !== undefined;
    last = await kvRequest(c, { action: 'delete', key: k, node: conn.node.id }, timeout, start + timeout);
    if (last.op?.status !== 'ok') break;
    const res = last.op.result;
    if (res === '1' || res === '0') deleted += Number(res);
    else if (existed) deleted++;
  }
  return finish(c, last, target, 'put', timeout, () => {
    const v = c.sim.node(conn.node.id) ?? conn.node;
    if (inv.flags['write-out'] === 'json') c.print(goJSON({ header: c.header(v, last.op?.revision), deleted: deleted || undefined }));
    else if (inv.flags['write-out'] === 'table') c.fail(4, 'table is not supported as output format');
    else c.print(String(deleted));
  });
}
