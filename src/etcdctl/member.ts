// member list / add / remove / promote: membership changes proposed through the engine (one at a time, as a
// configuration log entry); etcd answers once the serving member has applied the change.
import type { Action, NodeView } from '../raft/types';
import type { Client, MemberRow } from './client';
import { alive, members } from './cluster-view';
import { etcdError } from './errors';
import type { Invocation } from './flags';
import { goJSON, hex, hex16, renderTable } from './format';

/** Has the serving member applied a configuration entry satisfying `pred`? (etcd answers a member
 *  command once the change is applied.) */
function configApplied(v: NodeView, pred: (cfg: { members: string[]; learners: string[] }) => boolean): boolean {
  let pending = false;
  for (let i = v.log.length - 1; i >= 0; i--) {
    const e = v.log[i];
    if (e.entry.kind !== 'config') continue;
    if (e.index > v.lastApplied) {
      pending = true;
      continue;
    }
    return pred(e.entry);
  }
  // No configuration entry applied from the log (initial or compacted): the config in force counts only
  // when no newer one is still waiting to be applied.
  return !pending && pred({ members: v.config.voters, learners: v.config.learners });
}

/** The `members` array of the JSON answers. */
function membersJSON(c: Client, rows: MemberRow[]) {
  return rows.map((m) => ({
    ID: m.id,
    name: m.started ? m.name : undefined,
    peerURLs: [c.naming.peerUrl(m.name)],
    clientURLs: m.started ? [c.naming.clientUrl(m.name)] : undefined,
    isLearner: m.learner || undefined,
  }));
}

export async function memberList(c: Client, inv: Invocation): Promise<number> {
  if (inv.args.length) c.fail(128, 'member list command takes no arguments');
  const eps = c.endpoints(inv);
  const conn = c.connect(eps);
  if (!conn) return c.unreachable(eps, c.timeout(inv));
  const v = conn.node;
  const rows = c.memberRows(v);
  const w = inv.flags['write-out'];
  if (w === 'json') {
    c.print(goJSON({ header: c.header(v), members: membersJSON(c, rows) }));
    return 0;
  }
  const table = rows.map((m) => [
    hex(m.id),
    m.started ? 'started' : 'unstarted',
    m.started ? m.name : '',
    c.naming.peerUrl(m.name),
    m.started ? c.naming.clientUrl(m.name) : '',
    String(m.learner),
  ]);
  if (w === 'table') {
    for (const l of renderTable(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], table)) c.print(l);
  } else {
    for (const r of table) c.print(r.join(', '));
  }
  return 0;
}

/** Propose a membership change through the engine and wait until the serving member has applied it. */
async function membership(
  c: Client,
  action: Action,
  inv: Invocation,
  applied: (v: NodeView) => boolean,
): Promise<{ node: NodeView; target: string }> {
  const eps = c.endpoints(inv);
  const timeout = c.timeout(inv);
  const target = c.target(eps);
  const conn = c.connect(eps);
  if (!conn) return c.unreachable(eps, timeout);
  const deadline = c.sim.now + timeout;
  const { rejected } = c.applyCatching(action);
  if (rejected?.code === 'no-leader') {
    // Without a leader etcd cannot propose the change: the request waits for the client's deadline.
    await c.wait(deadline, () => false);
    c.timeoutWait = Math.max(c.timeoutWait, timeout);
    c.deadline(target, 'member', `${action.action}:${c.sim.now}`);
  }
  if (rejected) c.refuse(target, etcdError(rejected));
  // The member that served the request answers once it applied the change; a member that removed itself
  // (member remove of the member asked, e.g. the leader) answered just before it stopped: ask the leader.
  const view = () => alive(c.sim, conn.node.id) ?? alive(c.sim, c.sim.quorum().leader ?? undefined);
  const done = () => {
    const v = view();
    return !!v && applied(v);
  };
  await c.wait(deadline, done);
  if (!done()) {
    c.timeoutWait = Math.max(c.timeoutWait, timeout);
    c.deadline(target, 'member', `${action.action}:${c.sim.now}`);
  }
  return { node: view() ?? conn.node, target };
}

export async function memberAdd(c: Client, inv: Invocation): Promise<number> {
  if (inv.args.length !== 1) c.fail(128, 'member name not provided');
  const name = inv.args[0];
  const urls = String(inv.flags['peer-urls'] ?? '');
  if (!urls) c.fail(128, 'member peer urls not provided');
  const peerUrls = urls.split(',');
  for (const u of peerUrls) {
    if (!/^https?:\/\/[^\s/]+$/.test(u)) c.fail(128, `URL scheme must be http, https, unix, or unixs: ${u}`);
  }
  if (!/^[a-z0-9-]{1,16}$/.test(name)) {
    c.err(c.messages.badMemberName(name));
    c.fail(128, `invalid member name ${goJSON(name)}`);
  }
  const eps = c.endpoints(inv);
  const conn = c.connect(eps);
  if (conn) {
    if (members(conn.node).some((m) => c.naming.peerUrl(m.id) === peerUrls[0])) {
      c.refuse(c.target(eps), { text: 'etcdserver: Peer URLs already exists', code: 'FailedPrecondition' });
    }
    if (c.sim.node(name) && !c.sim.node(name)!.removed) {
      c.refuse(c.target(eps), { text: 'etcdserver: member ID already exist', code: 'FailedPrecondition' });
    }
  }
  const learner = inv.flags.learner === true;
  if (conn) c.naming.reserve(name, peerUrls[0]);
  const { node } = await membership(c, { action: 'addMember', node: name, learner }, inv, (v) =>
    members(v).some((m) => m.id === name) && configApplied(v, (cfg) => [...cfg.members, ...cfg.learners].includes(name)),
  );
  const id = c.naming.id(name);
  const w = inv.flags['write-out'];
  if (w === 'json') {
    c.print(
      goJSON({
        header: c.header(node),
        member: { ID: id, peerURLs: peerUrls, isLearner: learner || undefined },
        members: membersJSON(c, c.memberRows(node)),
      }),
    );
    return 0;
  }
  c.print(`Member ${hex16(id)} added to cluster ${hex16(c.naming.clusterId)}`);
  if (w === 'simple') {
    const conf = c.memberRows(node).map((m) => `${m.name === name ? name : m.started ? m.name : ''}=${c.naming.peerUrl(m.name)}`);
    c.print('');
    c.print(`ETCD_NAME=${goJSON(name)}`);
    c.print(`ETCD_INITIAL_CLUSTER=${goJSON(conf.join(','))}`);
    c.print(`ETCD_INITIAL_ADVERTISE_PEER_URLS=${goJSON(peerUrls.join(','))}`);
    c.print('ETCD_INITIAL_CLUSTER_STATE="existing"');
  }
  return 0;
}

/** A member id argument in hex, with strconv's error texts. */
export function parseMemberId(c: Client, raw: string | undefined): bigint {
  if (raw === undefined) c.fail(128, 'member ID is not provided');
  if (!/^[0-9a-fA-F]{1,16}$/.test(raw)) {
    const why = /^[0-9a-fA-F]+$/.test(raw) ? 'value out of range' : 'invalid syntax';
    c.fail(128, `bad member ID arg (strconv.ParseUint: parsing ${goJSON(raw)}: ${why}), expecting ID in Hex`);
  }
  return BigInt('0x' + raw);
}

const NOT_FOUND = { text: 'etcdserver: member not found', code: 'NotFound' };

export async function memberRemove(c: Client, inv: Invocation): Promise<number> {
  if (inv.args.length !== 1) c.fail(128, 'member ID is not provided');
  const id = parseMemberId(c, inv.args[0]);
  const eps = c.endpoints(inv);
  const conn = c.connect(eps);
  const name = conn ? members(conn.node).find((m) => c.naming.id(m.id) === id)?.id : undefined;
  if (conn && !name) c.refuse(c.target(eps), NOT_FOUND);
  const { node } = await membership(c, { action: 'removeMember', node: name ?? '' }, inv, (v) =>
    !members(v).some((m) => m.id === name) && configApplied(v, (cfg) => ![...cfg.members, ...cfg.learners].includes(name!)),
  );
  if (inv.flags['write-out'] === 'json') {
    const rows = c.memberRows(node).map((m) => ({
      ID: m.id, name: m.name, peerURLs: [c.naming.peerUrl(m.name)], clientURLs: [c.naming.clientUrl(m.name)], isLearner: m.learner || undefined,
    }));
    c.print(goJSON({ header: c.header(node), members: rows }));
    return 0;
  }
  c.print(`Member ${hex16(id)} removed from cluster ${hex16(c.naming.clusterId)}`);
  return 0;
}

export async function memberPromote(c: Client, inv: Invocation): Promise<number> {
  if (inv.args.length !== 1) c.fail(128, 'member ID is not provided');
  const id = parseMemberId(c, inv.args[0]);
  const eps = c.endpoints(inv);
  const conn = c.connect(eps);
  const m = conn ? members(conn.node).find((x) => c.naming.id(x.id) === id) : undefined;
  if (conn && !m) c.refuse(c.target(eps), NOT_FOUND);
  if (conn && m && !m.learner) c.refuse(c.target(eps), { text: 'etcdserver: can only promote a learner member', code: 'FailedPrecondition' });
  const name = m?.id ?? '';
  const { node } = await membership(c, { action: 'promote', node: name }, inv, (v) =>
    v.config.voters.includes(name) && configApplied(v, (cfg) => cfg.members.includes(name)),
  );
  if (inv.flags['write-out'] === 'json') {
    c.print(goJSON({ header: c.header(node) }));
    return 0;
  }
  c.print(`Member ${hex16(id)} promoted in cluster ${hex16(c.naming.clusterId)}`);
  return 0;
}
