// The network model: partitions into groups, per-message latency drawn from a range (which also reorders
// messages), loss and duplication decided by the seeded PRNG at send time. Pure functions on plain data; the
// engine owns the queue the messages wait in, and draws each message's latency and loss as it queues it
// (Engine.schedule: on the hottest path, written there rather than called).
import { nextFloat, type Rng } from './rng';
import type { Message, MessageView, NodeId } from './types';

/** Messages flow only within a group; a node in no group is cut off from all. null: the network is whole. */
export function connected(groupOf: Map<NodeId, number> | null, a: NodeId, b: NodeId): boolean {
  if (groupOf === null) return true;
  const ga = groupOf.get(a);
  return ga !== undefined && ga === groupOf.get(b);
}

/** Whether this message is delivered twice. Forwarded client requests travel on etcd's reliable peer streams
 *  and Raft does not make proposals idempotent (thesis section 6.3), so only Raft's own messages are. */
export function duplicated(m: Message, rng: Rng, duplicateRate: number): boolean {
  return duplicateRate > 0 && m.type !== 'Propose' && m.type !== 'ReadIndex' && nextFloat(rng) < duplicateRate;
}

/** What the UI sees of a message in flight. */
export function messageView(m: Message): MessageView {
  const v: MessageView = {
    id: m.id,
    type: m.type,
    from: m.from,
    to: m.to,
    term: m.term,
    sentAt: m.sentAt,
    arriveAt: m.arriveAt,
    heartbeat: m.heartbeat === true,
  };
  if (m.entries !== undefined) v.entries = m.entries.length;
  if (m.type === 'AppendEntriesResponse' || m.type === 'InstallSnapshotResponse') v.success = m.reject !== true;
  if (m.x !== undefined && m.x.granted !== undefined) v.granted = m.x.granted;
  return v;
}
