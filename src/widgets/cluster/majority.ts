// Which voters formed the majority that an election or a commit just used (issue 13, "Beyond RaftScope"):
// the votes the winner received, or the voters whose log holds the committed entry by the leader's matchIndex.
// Read from engine events only; the ring highlights these nodes for MAJORITY_MS of virtual time.
import type { NodeView, SimEvent } from '../../raft';

export interface Majority {
  kind: 'election' | 'commit';
  nodes: string[];
  t: number;
  until: number;
  index?: number;
}

/** How long (virtual ms) a majority stays highlighted. */
export const MAJORITY_MS = 1200;

export class MajorityWatch {
  /** Votes granted (not pre-votes) by candidate and term: who elected whom. */
  #granted = new Map<string, string[]>();

  clear(): void {
    this.#granted.clear();
  }

  /** Feed one engine event; returns a new majority when this event completed one. */
  feed(e: SimEvent, node: (id: string) => NodeView | undefined): Majority | null {
    if (e.type === 'vote') {
      if (e.prevote || !e.granted) return null;
      const k = `${e.to}@${e.term}`;
      const l = this.#granted.get(k) ?? [];
      if (!l.includes(e.from)) l.push(e.from);
      this.#granted.set(k, l);
      if (this.#granted.size > 64) this.#granted.delete(this.#granted.keys().next().value!);
      return null;
    }
    if (e.type === 'role' && e.role === 'leader') {
      const voters = this.#granted.get(`${e.node}@${e.term}`) ?? [];
      return { kind: 'election', nodes: [e.node, ...voters.filter((v) => v !== e.node)], t: e.t, until: e.t + MAJORITY_MS };
    }
    if (e.type === 'commit') {
      const n = node(e.node);
      if (!n || n.role !== 'leader' || !n.matchIndex) return null;
      const m = n.matchIndex;
      const voters = n.config.voters.filter((v) => v === n.id || (m[v] ?? 0) >= e.index);
      return { kind: 'commit', nodes: voters, t: e.t, index: e.index, until: e.t + MAJORITY_MS };
    }
    return null;
  }
}
