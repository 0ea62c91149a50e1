// move-leader: find the leader among the endpoints given, then ask the engine to transfer leadership
// (TimeoutNow); etcd answers once the old leader itself follows the transferee.
import type { NodeView } from '../raft/types';
import type { Client } from './client';
import type { Invocation } from './flags';
import { alive, members, type Endpoint } from './cluster-view';
import { connectionRefused, etcdError } from './errors';
import { goJSON, hex } from './format';

export async function moveLeader(c: Client, inv: Invocation): Promise<number> {
  if (inv.args.length !== 1) c.fail(128, 'move-leader command needs 1 argument');
  const raw = inv.args[0];
  if (!/^[0-9a-fA-F]{1,16}$/.test(raw)) {
    const why = /^[0-9a-fA-F]+$/.test(raw) ? 'value out of range' : 'invalid syntax';
    c.fail(128, `strconv.ParseUint: parsing ${goJSON(raw)}: ${why}`);
  }
  const targetId = BigInt('0x' + raw);
  const eps = c.endpoints(inv);
  const timeout = c.timeout(inv);
  // Find the leader among the endpoints given, asking each its status in turn.
  let leader: NodeView | undefined;
  let leaderEp: Endpoint | undefined;
  for (const ep of eps) {
    const v = alive(c.sim, ep.node);
    if (!v) {
      await c.sleep(timeout);
      c.warn(`passthrough:///${ep.hostPort}`, connectionRefused(ep.hostPort));
      c.fail(1, 'context deadline exceeded');
    }
    if (v.leader === v.id && v.role === 'leader') {
      leader = v;
      leaderEp = ep;
      break;
    }
  }
  if (!leader || !leaderEp) c.fail(128, `no leader endpoint given at [${eps.map((e) => e.display).join(' ')}]`);
  const targetName = members(leader).find((m) => c.naming.id(m.id) === targetId)?.id;
  const target = c.target([leaderEp]);
  const oldId = c.naming.id(leader.id);
  if (targetName === leader.id) {
    c.print(`Leadership transferred from ${hex(oldId)} to ${hex(targetId)}`);
    return 0;
  }
  if (!targetName) c.refuse(target, { text: 'etcdserver: bad leader transferee', code: 'Unknown' });
  const { rejected } = c.applyCatching({ action: 'transferLeader', node: targetName });
  if (rejected) c.refuse(target, etcdError(rejected));
  const deadline = c.sim.now + timeout;
  const oldName = leader.id;
  const done = () => {
    const o = alive(c.sim, oldName);
    return c.sim.quorum().leader === targetName && (!o || o.leader === targetName);
  };
  await c.wait(deadline, done);
  if (!done()) {
    c.timeoutWait = Math.max(c.timeoutWait, timeout);
    c.refuse(target, { text: 'etcdserver: request timed out, leader transfer took too long', code: 'Unknown' });
  }
  c.print(`Leadership transferred from ${hex(oldId)} to ${hex(targetId)}`);
  return 0;
}
