// Faults a scenario or a learner injects: a node crashing or restarting, the network split into groups or
// healed, its loss, duplication and latency changed. Called by the engine's `exec` (engine.ts).
import { crashNode, restartNode } from './node';
import { retryWaiting } from './clients';
import type { Engine } from './engine';
import type { Action, NodeId } from './types';

type FaultAction = Extract<Action, { action: 'crash' | 'restart' | 'partition' | 'heal' | 'network' }>;

export function fault(e: Engine, action: FaultAction): undefined {
  const s = e.s;
  switch (action.action) {
    case 'crash':
    case 'restart': {
      const n = e.resolve(action.node);
      if (n === undefined) return e.reject(action, 'unknown-member', `unknown node "${action.node}"`);
      if (n === null) return undefined;
      if (n.removed) return e.reject(action, 'member-removed', `node "${n.id}" was removed from the cluster`);
      if (action.action === 'crash') {
        if (!n.up) return undefined;
        crashNode(n);
        e.line({ t: s.now, type: 'crash', node: n.id });
      } else {
        if (n.up) return undefined;
        e.line({ t: s.now, type: 'restart', node: n.id });
        restartNode(e, n);
        retryWaiting(e);
      }
      return undefined;
    }
    case 'partition': {
      if (!Array.isArray(action.groups)) return e.reject(action, 'bad-argument', 'groups must be an array of arrays of node ids');
      const groupOf = new Map<NodeId, number>();
      const groups: NodeId[][] = [];
      for (let g = 0; g < action.groups.length; g++) {
        const grp = action.groups[g];
        if (!Array.isArray(grp)) return e.reject(action, 'bad-argument', `groups[${g}] must be an array of node ids`);
        for (const id of grp) {
          if (!s.nodes.has(id)) return e.reject(action, 'unknown-member', `unknown node "${id}"`);
          if (groupOf.has(id)) return e.reject(action, 'bad-argument', `node "${id}" is in two groups`);
          groupOf.set(id, g);
        }
        groups.push([...grp]);
      }
      s.groups = groups;
      s.groupOf = groupOf;
      e.line({ t: s.now, type: 'partition', groups });
      return undefined;
    }
    case 'heal':
      s.groups = null;
      s.groupOf = null;
      e.line({ t: s.now, type: 'heal' });
      return undefined;
    case 'network': {
      const { dropRate, duplicateRate, latencyMs } = action;
      if (dropRate !== undefined && !(dropRate >= 0 && dropRate <= 1))
        return e.reject(action, 'bad-argument', 'dropRate must be between 0 and 1');
      if (duplicateRate !== undefined && !(duplicateRate >= 0 && duplicateRate <= 1))
        return e.reject(action, 'bad-argument', 'duplicateRate must be between 0 and 1');
      if (latencyMs !== undefined && !(Array.isArray(latencyMs) && latencyMs[0] >= 0 && latencyMs[1] >= latencyMs[0]))
        return e.reject(action, 'bad-argument', 'latencyMs must be [min, max] with 0 <= min <= max');
      if (dropRate !== undefined) s.dropRate = dropRate;
      if (duplicateRate !== undefined) s.duplicateRate = duplicateRate;
      if (latencyMs !== undefined) s.latency = [Math.round(latencyMs[0]), Math.round(latencyMs[1])];
      if (e.listening)
        e.emit({
          type: 'network',
          t: s.now,
          dropRate: s.dropRate,
          duplicateRate: s.duplicateRate,
          latencyMs: [...s.latency],
        });
      return undefined;
    }
  }
}
