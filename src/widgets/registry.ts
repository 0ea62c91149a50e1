// Clusters shared between islands on one page (docs/ARCHITECTURE.md, "Clusters shared between islands").
// A module-level map: the cluster widget registers a handle under its `id`; the etcdctl terminal and the
// exercise blocks, hydrated as separate islands but importing this same chunk, find it with onCluster().
import type { Action, Simulation, Timeline } from '../raft';

/** What another island may do with a live cluster widget. Read `sim` each time you need it: a reset, a seek
 *  in time or a restored share link replaces the simulation object. */
export interface ClusterHandle {
  /** The live simulation the widget renders (its current instant is `sim.now`). */
  readonly sim: Simulation;
  /** The time-travel wrapper (src/raft/timeline.ts) around `sim`. Prefer `apply` below to act. */
  readonly timeline: Timeline;
  /** Apply an action now, exactly as the widget's own buttons do (crash, restart, put, get, addMember…).
   *  Returns the client op id for put/get/delete. The widget redraws and notifies subscribers. */
  apply(action: Action): number | undefined;
  /** Called after every state change the widget renders (each animation frame that changed something,
   *  each action, each seek or reset). Returns an unsubscribe function. */
  subscribe(fn: () => void): () => void;
  /** Run virtual time forward to `t` at once (through the timeline, so scrubbing stays exact), then redraw. */
  advanceTo(t: number): void;
  /** Back to the widget's starting scenario (paused). */
  reset(): void;
  play(): void;
  pause(): void;
}

const clusters = new Map<string, ClusterHandle>();
const waiting = new Map<string, Set<(h: ClusterHandle) => void>>();

/** Make a cluster available under `id` (the widget does this when it mounts). Returns an unregister function. */
export function registerCluster(id: string, handle: ClusterHandle): () => void {
  clusters.set(id, handle);
  const fns = waiting.get(id);
  if (fns) {
    waiting.delete(id);
    for (const fn of fns) fn(handle);
  }
  return () => {
    if (clusters.get(id) === handle) clusters.delete(id);
  };
}

/** Call `fn` with the cluster `id`: at once if it is registered, else as soon as it is.
 *  Returns a function that cancels a call still waiting. */
export function onCluster(id: string, fn: (h: ClusterHandle) => void): () => void {
  const h = clusters.get(id);
  if (h) {
    fn(h);
    return () => {};
  }
  let fns = waiting.get(id);
  if (!fns) waiting.set(id, (fns = new Set()));
  fns.add(fn);
  return () => {
    fns.delete(fn);
  };
}

/** The cluster registered under `id`, if any (no waiting). */
export function getCluster(id: string): ClusterHandle | undefined {
  return clusters.get(id);
}
