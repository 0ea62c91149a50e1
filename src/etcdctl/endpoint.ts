// endpoint status / health: the status RPC read from each member's state, and the health probe (one
// linearizable get of the key "health" per endpoint, in parallel, as etcdctl 3.4 does).
import type { Action, NodeView } from '../raft/types';
import type { Client } from './client';
import { VERSION } from './commands';
import { alive, appliedTerm, dbSize, type Endpoint } from './cluster-view';
import { connectionRefused, TRANSIENT_FAILURE } from './errors';
import type { Invocation } from './flags';
import { goDuration, goJSON, hex, humanizeBytes, renderTable } from './format';

const MEMBER_LIST_FAILED = 'failed to fetch endpoints from etcd cluster member list: context deadline exceeded';

/** The endpoints given, or with --cluster every started member's client URL (from the member list). */
function clusterEndpoints(c: Client, inv: Invocation): Endpoint[] {
  const eps = c.endpoints(inv);
  if (inv.flags.cluster !== true) return eps;
  const conn = c.connect(eps);
  if (!conn) return [];
  return c.memberRows(conn.node)
    .filter((m) => m.started)
    .map((m) => c.naming.endpoint(c.naming.clientUrl(m.name)));
}

function statusOf(c: Client, ep: Endpoint, v: NodeView) {
  const leader = v.leader ? c.naming.id(v.leader) : 0n;
  return {
    ep,
    v,
    id: c.naming.id(v.id),
    leader,
    isLeader: leader !== 0n && leader === c.naming.id(v.id),
    term: appliedTerm(v),
    errors: v.leader ? [] : ['etcdserver: no leader'],
    size: dbSize(v),
  };
}

export async function endpointStatus(c: Client, inv: Invocation): Promise<number> {
  const timeout = c.timeout(inv);
  if (inv.flags.cluster === true && !c.connect(c.endpoints(inv))) {
    const eps = c.endpoints(inv);
    await c.sleep(timeout);
    c.warn(c.target(eps), TRANSIENT_FAILURE);
    c.fail(1, MEMBER_LIST_FAILED);
  }
  const rows: ReturnType<typeof statusOf>[] = [];
  let failed = false;
  for (const ep of clusterEndpoints(c, inv)) {
    const v = alive(c.sim, ep.node);
    if (!v) {
      await c.sleep(timeout);
      c.warn(`passthrough:///${ep.hostPort}`, connectionRefused(ep.hostPort));
      c.err(`Failed to get the status of endpoint ${ep.display} (context deadline exceeded)`);
      failed = true;
      continue;
    }
    rows.push(statusOf(c, ep, v));
  }
  const w = inv.flags['write-out'];
  if (w === 'json') {
    c.print(
      goJSON(
        rows.map((s) => ({
          Endpoint: s.ep.display,
          Status: {
            header: c.header(s.v),
            version: VERSION,
            dbSize: s.size.size,
            leader: s.leader || undefined,
            raftIndex: s.v.commitIndex || undefined,
            raftTerm: s.term || undefined,
            raftAppliedIndex: s.v.lastApplied || undefined,
            errors: s.errors.length ? s.errors : undefined,
            dbSizeInUse: s.size.inUse,
            isLearner: !s.v.voter || undefined,
          },
        })),
      ),
    );
  } else {
    const table = rows.map((s) => [
      s.ep.display,
      hex(s.id),
      VERSION,
      humanizeBytes(s.size.size),
      String(s.isLeader),
      String(!s.v.voter),
      String(s.term),
      String(s.v.commitIndex),
      String(s.v.lastApplied),
      s.errors.join(', '),
    ]);
    if (w === 'table') {
      const hdr = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];
      for (const l of renderTable(hdr, table)) c.print(l);
    } else {
      for (const r of table) c.print(r.join(', '));
    }
  }
  return failed ? 1 : 0;
}

export async function endpointHealth(c: Client, inv: Invocation): Promise<number> {
  const timeout = c.timeout(inv);
  const eps = clusterEndpoints(c, inv);
  if (inv.flags.cluster === true && eps.length === 0) {
    await c.sleep(timeout);
    c.fail(1, MEMBER_LIST_FAILED);
  }
  const start = c.sim.now;
  const deadline = start + timeout;
  type Probe = { ep: Endpoint; order: number; op?: number; dead: boolean; learner: boolean; target: string };
  const probes: Probe[] = eps.map((ep, order) => ({ ep, order, dead: true, learner: false, target: c.target([ep]) }));
  for (const p of probes) {
    const v = alive(c.sim, p.ep.node);
    if (!v) continue;
    p.dead = false;
    if (!v.voter) {
      p.learner = true;
      continue;
    }
    p.op = c.access.apply({ action: 'get', key: 'health', node: v.id, consistency: 'linearizable', client: 'etcdctl' } as Action);
  }
  const opOf = (p: Probe) => (p.op === undefined ? undefined : c.sim.ops().find((o) => o.op === p.op));
  const finished = (p: Probe) => {
    const o = opOf(p);
    return p.dead || p.learner || p.op === undefined || (o !== undefined && o.status === 'ok');
  };
  await c.wait(deadline, () => probes.every((p) => p.dead || p.learner || finished(p)));
  if (!probes.every((p) => !p.dead && finished(p))) c.timeoutWait = Math.max(c.timeoutWait, Math.round(c.sim.now - start));
  const results = probes.map((p) => {
    const o = opOf(p);
    if (!p.dead && !p.learner && o?.status === 'ok') return { p, ok: true, took: (o.endedAt ?? c.sim.now) - o.invokedAt, error: '' };
    if (p.learner) return { p, ok: false, took: 0, error: 'etcdserver: rpc not supported for learner' };
    return { p, ok: false, took: c.sim.now - start, error: 'context deadline exceeded' };
  });
  // Goroutines finish in time order; ties come out last-started first (Go's scheduler runs the newest one).
  const ordered = [...results].sort((a, b) => a.took - b.took || b.p.order - a.p.order);
  const w = inv.flags['write-out'];
  for (const r of ordered.filter((x) => !x.ok)) {
    if (r.p.learner) continue;
    c.warn(r.p.target, r.p.dead ? TRANSIENT_FAILURE : 'rpc error: code = DeadlineExceeded desc = context deadline exceeded');
  }
  if (w === 'json') {
    c.print(goJSON(ordered.map((r) => ({ endpoint: r.p.ep.display, health: r.ok, took: goDuration(r.took), error: r.ok ? undefined : `failed to commit proposal: ${r.error}` }))));
  } else if (w === 'table') {
    const t = ordered.map((r) => [r.p.ep.display, String(r.ok), goDuration(r.took), r.ok ? '' : `failed to commit proposal: ${r.error}`]);
    for (const l of renderTable(['endpoint', 'health', 'took', 'error'], t)) c.print(l);
  } else {
    for (const r of ordered.filter((x) => x.ok)) c.print(`${r.p.ep.display} is healthy: successfully committed proposal: took = ${goDuration(r.took)}`);
    for (const r of ordered.filter((x) => !x.ok)) c.err(`${r.p.ep.display} is unhealthy: failed to commit proposal: ${r.error}`);
  }
  if (results.some((r) => !r.ok)) c.fail(1, 'unhealthy cluster');
  return 0;
}
