// Clients of the simulated cluster: requests to one node, or "to the cluster" with an endpoint list as etcd 3.4's
// clientv3 (failover on refused connections, reads retried elsewhere), their timeouts and their fate (OpView).
import { isVoter, msg } from './host';
import { propose } from './replication';
import { leaderRead } from './readindex';
import { configInForce } from './quorum-view';
import { pushOp, setOp } from './ophistory';
import { CONNECTION_REFUSED, LEARNER, NO_ENDPOINT, NO_LEADER, type Deadlines } from './state';
import type { Engine } from './engine';
import type { Action, Entry, Message, NodeId, NodeState, OpView, RefusalCode } from './types';

export function clientRequest(e: Engine, a: Extract<Action, { action: 'put' | 'get' | 'delete' }>): number | undefined {
  const s = e.s;
  if (typeof a.key !== 'string') return e.reject(a, 'bad-argument', 'key must be a string');
  if (a.action === 'put' && typeof a.value !== 'string') return e.reject(a, 'bad-argument', 'value must be a string');
  const client = typeof a.client === 'string' ? a.client : 'client';
  let target: NodeState | null = null;
  let eps: NodeId[] | null = null;
  if (a.node !== undefined) {
    const r = e.resolve(a.node);
    if (r === undefined) return e.reject(a, 'unknown-member', `unknown node "${a.node}"`);
    if (r === null) return undefined; // "leader"/"follower" naming nobody: the event does nothing
    target = r;
  } else {
    if (a.endpoints !== undefined) {
      if (!Array.isArray(a.endpoints) || a.endpoints.length === 0)
        return e.reject(a, 'bad-argument', 'endpoints must be a non-empty array of node ids');
      for (const id of a.endpoints)
        if (typeof id !== 'string' || !s.nodes.has(id)) return e.reject(a, 'unknown-member', `unknown node "${String(id)}"`);
      s.clientEndpoints.set(client, [...a.endpoints]);
    }
    eps = s.clientEndpoints.get(client) ?? defaultEndpoints(e);
  }
  const op = ++s.opSeq;
  const consistency = a.action === 'get' ? (a.consistency ?? 'linearizable') : undefined;
  // Every field in the literal, absent ones undefined (JSON leaves them out): fields added afterwards would sit
  // in a second, out-of-object array, one more object per request kept in the history.
  const view: OpView = {
    op,
    client,
    f: a.action,
    key: a.key,
    node: target ? target.id : null,
    invokedAt: s.now,
    status: 'pending',
    value: a.action === 'put' ? a.value : undefined,
    consistency,
    endpoints: eps !== null ? eps : undefined,
    refused: eps !== null ? NONE_REFUSED : undefined,
  };
  s.open.set(op, view);
  if (e.history) pushOp(s.all, view);
  if (!e.recording) {
    /* nothing to write */
  } else if (a.action === 'put')
    e.line({
      t: s.now,
      type: 'invoke',
      op,
      client,
      f: 'put',
      key: a.key,
      value: a.value,
    });
  else if (a.action === 'get')
    e.line({
      t: s.now,
      type: 'invoke',
      op,
      client,
      f: 'get',
      key: a.key,
      consistency,
    });
  else e.line({ t: s.now, type: 'invoke', op, client, f: 'delete', key: a.key });

  if (eps === null) dispatch(e, view, target as NodeState, false);
  else route(e, view, false);
  return op;
}

/** No endpoint refused the request yet: one array for every request (op records are never edited in place). */
const NONE_REFUSED: NodeId[] = [];

/** The endpoints a client is given when none were named: the voters of the configuration in force. The list is
 *  kept in every request's record, so one array serves every request made under the same configuration (the
 *  voters array of a configuration is never edited; the member order only grows). */
export function defaultEndpoints(e: Engine): NodeId[] {
  const voters = configInForce(e.s.nodes).voters;
  const c = e.endpointsCache;
  if (c !== null && c.voters === voters && c.order === e.s.order && c.orderLength === e.s.order.length) return c.eps;
  const eps = e.s.order.filter((id) => voters.indexOf(id) >= 0);
  e.endpointsCache = { voters, order: e.s.order, orderLength: e.s.order.length, eps };
  return eps;
}

/**
 * A request "to the cluster", as etcd 3.4's clientv3 sends it: it goes to the endpoint the client last used
 * (the one that led, when it last heard), else to the first of its list; an endpoint whose member is down
 * refuses the connection and the balancer moves on to the next one (the request was not sent, so even a put
 * is retried). A read refused by a member that knows no leader, or by a learner, is tried on the next endpoint
 * too (clientv3 retries read-only requests on Unavailable); a put is not (it may have been sent). When every
 * endpoint refuses the connection, the request waits for one to come back until its deadline, then fails
 * with the balancer's error: a client that knows only a dead member fails until it is given another endpoint
 * (measured: ../shared/etcd-reference/experiments/failover-clients.md).
 */
export function route(e: Engine, o: OpView, timerSet: boolean): void {
  const s = e.s;
  const eps = o.endpoints as NodeId[];
  const last = s.clientLeader.get(o.client);
  const start = last !== undefined ? Math.max(0, eps.indexOf(last)) : 0;
  // A request routed for the first time was created by this very call (clientRequest): no checkpoint holds its
  // record yet, so it is edited in place; a retried one is replaced (see reopen).
  const fresh = !timerSet;
  let refused: NodeId[] | null = null;
  let lastError: { error: string; code: RefusalCode; node: NodeState } | null = null;
  for (let k = 0; k < eps.length; k++) {
    const n = s.nodes.get(eps[(start + k) % eps.length]);
    if (n === undefined || !n.up) {
      if (n !== undefined) (refused ??= []).push(n.id);
      continue;
    }
    o = moveTo(e, o, n.id, refused, fresh);
    refused = null;
    const r = dispatch(e, o, n, timerSet, o.f === 'get');
    if (r === null) return;
    lastError = { error: r.error, code: r.code, node: n };
    o = s.open.get(o.op) as OpView;
  }
  if (lastError !== null) {
    finish(e, o, 'fail', { error: lastError.error, code: lastError.code }, undefined, lastError.node.id);
    return;
  }
  // Every endpoint refused the connection: wait for one to come back, until the deadline.
  o = moveTo(e, o, null, refused, fresh);
  if (s.waiting.indexOf(o.op) < 0) s.waiting.push(o.op);
  if (!timerSet) armOpTimeout(e, o.op);
}

/** The request is now with member `node` (null: with none), after the endpoints `refused` turned it away. */
function moveTo(e: Engine, o: OpView, node: NodeId | null, refused: NodeId[] | null, fresh: boolean): OpView {
  const was = o.refused ?? NONE_REFUSED;
  if (fresh) {
    o.node = node;
    if (refused !== null) o.refused = was.length === 0 ? refused : was.concat(refused);
    return o;
  }
  return reopen(e, o, { node, refused: refused === null ? was : was.concat(refused) });
}

/** Replace a pending op's record (records are shared with checkpoints: never edited in place). */
export function reopen(e: Engine, o: OpView, patch: Partial<OpView>): OpView {
  const n: OpView = { ...o, ...patch };
  e.s.open.set(o.op, n);
  if (e.history) setOp(e.s.all, o.op - 1, n);
  return n;
}

export function armOpTimeout(e: Engine, op: number): void {
  const s = e.s;
  const d = s.timeouts;
  d.t.push(s.now + e.scenario.timing.requestTimeoutMs);
  d.seq.push(++s.seq);
  d.op.push(op);
}

/** Take the deadline at the head of the queue (the caller found it is the next event); returns its op. */
export function popDeadline(d: Deadlines): number {
  const op = d.op[d.head];
  if (++d.head >= 512 && d.head * 2 >= d.t.length) {
    // Drop the entries already run, now and then, so that the queue stays as long as the pending deadlines.
    const left = d.t.length - d.head;
    d.t.copyWithin(0, d.head);
    d.seq.copyWithin(0, d.head);
    d.op.copyWithin(0, d.head);
    d.t.length = left;
    d.seq.length = left;
    d.op.length = left;
    d.head = 0;
  }
  return op;
}

/** A request's deadline came: unless it was answered already (most were), it ends without an answer. */
export function requestDeadline(e: Engine, op: number): void {
  const s = e.s;
  const o = s.open.get(op);
  if (o === undefined || o.status !== 'pending') return;
  const w = s.waiting.indexOf(o.op);
  if (w >= 0) {
    // Never sent: it certainly did not take effect.
    s.waiting.splice(w, 1);
    finish(e, o, 'fail', { error: NO_ENDPOINT, code: 'no-endpoint' });
  } else finish(e, o, 'info', { error: 'context deadline exceeded', code: 'timeout' });
}

/** A member came back: requests waiting for a connection try their endpoints again. */
export function retryWaiting(e: Engine): void {
  const s = e.s;
  if (s.waiting.length === 0) return;
  const ops = s.waiting;
  s.waiting = [];
  for (const id of ops) {
    const o = s.open.get(id);
    if (o !== undefined && o.status === 'pending') route(e, o, true);
  }
}

/**
 * Send a request to member n. Returns null when the request is on its way or answered; with `retryable`, the
 * error text of a refusal that the client may retry elsewhere (no leader, learner) instead of failing it.
 */
export function dispatch(e: Engine, o: OpView, target: NodeState, timerSet: boolean, retryable = false): { error: string; code: RefusalCode } | null {
  if (!target.up) {
    finish(e, o, 'fail', {
      error: CONNECTION_REFUSED,
      code: 'connection-refused',
    });
    return null;
  }
  if (o.consistency === 'serializable') {
    // Served from the local state of the node asked, whatever its role: possibly stale, by design.
    const rec = target.kv.data.get(o.key);
    finish(e, o, 'ok', { result: rec ? rec.value : null, revision: target.kv.revision }, target);
    return null;
  }
  if (target.role === 'learner' || (!isVoter(target) && target.joinAs === 'learner')) {
    if (retryable) return { error: LEARNER, code: 'learner-rpc' };
    finish(e, o, 'fail', { error: LEARNER, code: 'learner-rpc' }, undefined, target.id);
    return null;
  }
  const leaderId = target.leader;
  if (target.role !== 'leader' && (leaderId === null || leaderId === target.id)) {
    if (retryable) return { error: NO_LEADER, code: 'no-leader' };
    finish(e, o, 'fail', { error: NO_LEADER, code: 'no-leader' }, undefined, target.id);
    return null;
  }
  if (!timerSet) armOpTimeout(e, o.op);
  const op = o.op;
  if (o.f === 'get') {
    if (target.role === 'leader') leaderRead(e, target, op, target.id);
    else e.send(forward(e, 'ReadIndex', target, leaderId as NodeId, op));
  } else {
    const entry: Entry = o.f === 'put' ? new PutEntry(o.key, o.value as string) : new DeleteEntry(o.key);
    if (target.role === 'leader') propose(e, target, entry, op);
    else {
      e.send(forward(e, 'Propose', target, leaderId as NodeId, op, entry));
    }
  }
  return null;
}

export function finish(
  e: Engine,
  o: OpView,
  status: 'ok' | 'fail' | 'info',
  x: {
    result?: string | null;
    error?: string;
    code?: RefusalCode;
    revision?: number;
  },
  at?: NodeState,
  answeredBy?: NodeId,
): void {
  const s = e.s;
  s.open.delete(o.op);
  if (e.history) {
    const done: OpView = new DoneOp(o, s.now, status, x, at !== undefined ? at.id : answeredBy);
    setOp(s.all, o.op - 1, done);
  }
  if (status === 'ok') {
    if (!e.recording) {
      /* nothing to write */
    } else if (o.f === 'get') e.line({ t: s.now, type: 'ok', op: o.op, value: x.result ?? null });
    else e.okLine(o.op);
    if (at !== undefined) {
      const l = at.role === 'leader' ? at.id : at.leader;
      if (l !== null) s.clientLeader.set(o.client, l);
    }
  } else e.line({ t: s.now, type: status, op: o.op, error: x.error as string });
}

export function forward(e: Engine, type: 'Propose' | 'ReadIndex', from: NodeState, to: NodeId, op: number, entry?: Entry): Message {
  const m = msg(type, from, to, e.ixOf(to), 0, 0, 0);
  m.x = { op, entry, origin: undefined };
  return m;
}

// Records a run keeps (log entries' payloads, finished requests) are made by constructors, not literals: see
// "Records a run keeps" in docs/ARCHITECTURE.md. Fields are set in the order JSON writes them (the contract's).

interface PutEntry extends Extract<Entry, { kind: 'put' }> {}
class PutEntry {
  constructor(key: string, value: string) {
    this.kind = 'put';
    this.key = key;
    this.value = value;
  }
}

interface DeleteEntry extends Extract<Entry, { kind: 'delete' }> {}
class DeleteEntry {
  constructor(key: string) {
    this.kind = 'delete';
    this.key = key;
  }
}

/** A finished request: every field, absent ones undefined (JSON leaves them out). */
interface DoneOp extends OpView {}
class DoneOp {
  constructor(o: OpView, endedAt: number, status: OpView['status'], x: { result?: string | null; error?: string; code?: RefusalCode; revision?: number }, answeredBy: NodeId | undefined) {
    this.op = o.op;
    this.client = o.client;
    this.f = o.f;
    this.key = o.key;
    this.node = o.node;
    this.invokedAt = o.invokedAt;
    this.endedAt = endedAt;
    this.status = status;
    this.value = o.value;
    this.consistency = o.consistency;
    this.result = x.result;
    this.error = x.error;
    this.code = x.code;
    this.revision = x.revision;
    this.answeredBy = answeredBy;
    this.endpoints = o.endpoints;
    this.refused = o.endpoints !== undefined ? o.refused : undefined;
  }
}
