// ReadIndex: linearizable reads confirmed by a heartbeat round (thesis section 6.4).
import { termAt } from './log';
import { quorumSize } from './quorum';
import type { NodeId, NodeState } from './types';
import { type Host, msg } from './host';
import { bcastHeartbeat } from './replication';

// ---------------------------------------------------------------------------------------------
// ReadIndex (thesis section 6.4): the leader notes its commit index, confirms with a heartbeat round that
// it is still leader, and the read is answered once the asking node has applied up to that index.

export function leaderRead(h: Host, n: NodeState, op: number, from: NodeId): void {
  const ready = termAt(n, n.commitIndex) === n.term;
  const read = {
    ctx: 0,
    index: ready ? n.commitIndex : -1,
    op,
    from,
    acks: [n.id],
  };
  n.reads.push(read);
  if (ready) startRead(h, n, read);
}

export function startRead(
  h: Host,
  n: NodeState,
  read: {
    ctx: number;
    index: number;
    op: number;
    from: NodeId;
    acks: NodeId[];
  },
): void {
  read.ctx = ++n.readCtx;
  if (!checkReads(h, n)) bcastHeartbeat(h, n, read.ctx);
}

export function startPendingReads(h: Host, n: NodeState): void {
  for (const r of n.reads) if (r.index < 0) r.index = n.commitIndex;
  let ctx = 0;
  for (const r of n.reads) if (r.ctx === 0) ctx = r.ctx = ++n.readCtx;
  if (ctx > 0 && !checkReads(h, n)) bcastHeartbeat(h, n, ctx);
}

export function readAck(h: Host, n: NodeState, from: NodeId, ctx: number): void {
  if (n.config.voters.indexOf(from) < 0) return;
  for (const r of n.reads) if (r.ctx > 0 && r.ctx <= ctx && r.acks.indexOf(from) < 0) r.acks.push(from);
  checkReads(h, n);
}

/** Resolve confirmed reads, in order. Returns true if none is left waiting. */
export function checkReads(h: Host, n: NodeState): boolean {
  const q = quorumSize(n.config.voters.length);
  let done = 0;
  for (const r of n.reads) {
    if (r.ctx === 0) break;
    let c = 0;
    for (const a of r.acks) if (n.config.voters.indexOf(a) >= 0) c++;
    if (c < q) break;
    done++;
  }
  if (done > 0) {
    const ready = n.reads.splice(0, done);
    for (const r of ready) {
      if (r.from === n.id) readIndexKnown(h, n, r.op, r.index);
      else {
        const m = msg('ReadIndexResponse', n, r.from, h.ixOf(r.from), 0, r.index, 0);
        m.x = { op: r.op };
        h.send(m);
      }
    }
  }
  return n.reads.length === 0;
}

export function readIndexKnown(h: Host, n: NodeState, op: number, index: number): void {
  if (n.lastApplied >= index) h.onReadReady(n, op);
  else n.waitingReads.push({ op, index });
}
