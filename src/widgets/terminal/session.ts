// Plumbing between the terminal island and a cluster: the shared widget's handle (registry) or a standalone
// simulation, and an animated wait that spreads a long virtual wait (the 5 s command timeout) over a short
// wall time, so the cluster widget beside the terminal visibly lives through it.
import { stepUntil, type ClusterAccess, type EtcdctlSim } from '../../etcdctl';
import type { Action } from '../../raft/types';

/** Wall time (ms) the terminal spends on a virtual wait of `span` ms: real time for short waits, then at
 *  most about 1.5 s (a teaching shortcut the terminal announces). */
export function wallFor(span: number): number {
  if (span <= 300) return span;
  return Math.min(1500, 300 + span / 4);
}

export interface AccessOptions {
  sim: () => EtcdctlSim;
  apply: (a: Action) => number | undefined;
  advanceTo: (t: number) => void;
  /** Called after each animation frame that moved the clock. */
  onFrame?: () => void;
  reducedMotion?: () => boolean;
}

export function makeAccess(o: AccessOptions): ClusterAccess {
  return {
    sim: o.sim,
    apply: o.apply,
    advanceTo: o.advanceTo,
    wait(until: number, done: () => boolean): Promise<void> | void {
      const start = o.sim().now;
      const span = until - start;
      if (span <= 0 || done()) return;
      const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : undefined;
      if (!raf || o.reducedMotion?.()) {
        stepUntil(o.sim, o.advanceTo, until, done);
        o.onFrame?.();
        return;
      }
      const wall = wallFor(span);
      const t0 = performance.now();
      return new Promise<void>((resolve) => {
        const frame = () => {
          try {
            const frac = wall <= 0 ? 1 : Math.min(1, (performance.now() - t0) / wall);
            stepUntil(o.sim, o.advanceTo, start + span * frac, done);
            o.onFrame?.();
            if (done() || frac >= 1 || o.sim().now >= until) {
              if (!done() && o.sim().now < until) stepUntil(o.sim, o.advanceTo, until, done);
              resolve();
            } else raf(frame);
          } catch {
            resolve();
          }
        };
        raf(frame);
      });
    },
  };
}
