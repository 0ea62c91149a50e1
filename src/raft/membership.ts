// Membership (issue 4): etcd's member add / remove / promote and move-leader, with etcd's checks and refusals,
// and the stop of a removed member.
import { lastIndex, termAt } from './log';
import { newNode } from './host';
import { becomeFollower, crashNode } from './node';
import { propose, sendTimeoutNow, transferLeadership } from './replication';
import { quorumSize } from './quorum';
import { NO_LEADER, UNHEALTHY } from './state';
import type { Engine } from './engine';
import type { Action, Config, NodeId, NodeState } from './types';

export function membership(e: Engine, a: Extract<Action, { action: 'addMember' | 'removeMember' | 'promote' | 'transferLeader' }>): undefined {
  const s = e.s;
  if (typeof a.node !== 'string') return e.reject(a, 'bad-argument', 'node must be a string');
  const L = e.currentLeader();
  if (L === null) return e.reject(a, 'no-leader', NO_LEADER);
  const voters = L.config.voters;
  const learners = L.config.learners;
  if (a.action === 'transferLeader') {
    const target = e.resolve(a.node);
    if (target === undefined) return e.reject(a, 'unknown-member', `unknown node "${a.node}"`);
    if (target === null || target.id === L.id) return undefined;
    if (voters.indexOf(target.id) < 0) return e.reject(a, 'bad-leader-transferee', 'etcdserver: bad leader transferee');
    e.line({ t: s.now, type: 'member', action: a.action, node: target.id });
    transferLeadership(e, L, target.id);
    return undefined;
  }
  // One change at a time, and only once the leader has committed an entry of its own term.
  if (L.configIndex > L.commitIndex || termAt(L, L.commitIndex) !== L.term)
    return e.reject(a, 'membership-in-progress', 'etcdserver: request timed out (another membership change is in progress)');
  const started = (ids: NodeId[]) => ids.filter((id) => id === L.id || isStarted(e, L, id)).length;
  let next: Config;
  if (a.action === 'addMember') {
    const id = a.node;
    if (!/^[a-z0-9-]{1,16}$/.test(id) || id === 'leader' || id === 'follower') return e.reject(a, 'bad-member-id', `invalid node id "${id}"`);
    const old = s.nodes.get(id);
    // A node left over from an add that never committed (its leader crashed) may be added again.
    if (old !== undefined && !old.removed && (voters.includes(id) || learners.includes(id) || old.config.voters.length > 0))
      return e.reject(a, 'member-exists', `etcdserver: member "${id}" already exists`);
    if (s.nodes.size >= 9 && old === undefined) return e.reject(a, 'too-many-members', 'at most 9 members');
    if (a.learner === true) next = { voters, learners: [...learners, id] };
    else {
      // etcd's strict reconfiguration check: the new member is not started yet, so the members that are
      // must still make a quorum of the larger cluster.
      if (started(voters) < quorumSize(voters.length + 1)) return e.reject(a, 'unhealthy-cluster', UNHEALTHY);
      next = { voters: [...voters, id], learners };
    }
    if (s.order.indexOf(id) < 0) s.order.push(id);
    const n = newNode(id, e.ixOf(id), { voters: [], learners: [] }, a.learner === true ? 'learner' : 'voter');
    n.role = a.learner === true ? 'learner' : 'follower';
    s.nodes.set(id, n);
    s.byIx[n.ix] = n;
    e.line({ t: s.now, type: 'role', node: id, role: n.role, term: 0 });
  } else {
    const target = e.resolve(a.node);
    if (target === undefined) return e.reject(a, 'unknown-member', `unknown node "${a.node}"`);
    if (target === null) return undefined;
    const id = target.id;
    if (a.action === 'removeMember') {
      if (voters.indexOf(id) >= 0) {
        const rest = voters.filter((v) => v !== id);
        if (rest.length === 0) return e.reject(a, 'last-voter', 'etcdserver: cannot remove the last voting member');
        if (started(rest) < quorumSize(rest.length)) return e.reject(a, 'unhealthy-cluster', UNHEALTHY);
        next = { voters: rest, learners };
      } else if (learners.indexOf(id) >= 0) next = { voters, learners: learners.filter((v) => v !== id) };
      else return e.reject(a, 'unknown-member', 'etcdserver: member not found');
    } else {
      if (learners.indexOf(id) < 0) return e.reject(a, 'not-a-learner', 'etcdserver: can only promote a learner member');
      const pr = L.progress.get(id);
      // etcd's isLearnerReady: the learner's match index must reach 90% of the leader's.
      if (pr === undefined || pr.match < lastIndex(L) * 0.9 || !target.up)
        return e.reject(a, 'learner-not-in-sync', 'etcdserver: can only promote a learner member which is in sync with leader');
      if (started(voters) + 1 < quorumSize(voters.length + 1)) return e.reject(a, 'unhealthy-cluster', UNHEALTHY);
      next = {
        voters: [...voters, id],
        learners: learners.filter((v) => v !== id),
      };
    }
  }
  e.line({
    t: s.now,
    type: 'member',
    action: a.action,
    node: a.node,
    ...(a.action === 'addMember' ? { learner: a.learner === true } : {}),
  });
  propose(e, L, {
    kind: 'config',
    members: next.voters,
    learners: next.learners,
  });
  return undefined;
}

/** etcd counts a member as started when the leader's transport is connected to it. */
export function isStarted(e: Engine, L: NodeState, id: NodeId): boolean {
  const n = e.s.nodes.get(id);
  return n !== undefined && n.up && !n.removed && e.connected(L.id, id);
}

export function removeNode(e: Engine, x: NodeState): void {
  if (x.up && x.role === 'leader') {
    // Hand over first (etcd transfers leadership before a removed leader stops): the most up-to-date
    // voter of the new configuration that is up gets a TimeoutNow and campaigns at once.
    let best: NodeId | null = null;
    let bestMatch = -1;
    for (const id of x.config.voters) {
      const pr = x.progress.get(id);
      const n = e.s.nodes.get(id);
      if (pr && n && n.up && pr.match > bestMatch) {
        best = id;
        bestMatch = pr.match;
      }
    }
    if (best !== null) sendTimeoutNow(e, x, best);
    becomeFollower(e, x, x.term, null, 'removed');
  } else if (e.listening)
    e.emit({
      type: 'stepdown',
      t: e.s.now,
      node: x.id,
      term: x.term,
      reason: 'removed',
    });
  x.removed = true;
  crashNode(x);
  e.line({ t: e.s.now, type: 'removed', node: x.id });
}
