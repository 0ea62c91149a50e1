// The widget test hook (docs/ARCHITECTURE.md, "Widget test hook"): every live cluster widget on a page is
// reachable as `window.quorumLab.cluster(id)`, so that end-to-end tests drive its virtual time and wait for a
// state instead of waiting for an animation on the wall clock. It reads and acts through the same model the
// widget renders: what a test makes happen is what the reader sees.
import type { Action, NodeView, OpView, QuorumView } from '../../raft';
import type { ClusterModel, QuorumState } from './cluster.svelte';

export interface ClusterTestHandle {
  readonly id: string;
  /** Stop / start the animation loop. Helpers pause first, so that only the test moves time. */
  pause(): void;
  play(): void;
  playing(): boolean;
  /** Virtual time moves on its own now: playing, and seen (on screen, on the slide shown, in a visible tab). */
  animating(): boolean;
  /** Virtual time now (ms). */
  now(): number;
  /** Run virtual time forward to `t` / by `ms` at once, then redraw. */
  advanceTo(t: number): void;
  advanceBy(ms: number): void;
  /** The widget's "skip to the next thing that happens"; true if something happened. */
  skip(): boolean;
  /** Advance event by event until `pred(handle)` holds, at most `maxMs` of virtual time; true if it held. */
  runUntil(pred: (h: ClusterTestHandle) => boolean, maxMs?: number): boolean;
  /** Engine views, as rendered. */
  quorum(): QuorumView;
  quorumState(): QuorumState;
  leader(): string | null;
  nodes(): NodeView[];
  ops(): OpView[];
  /** Event-log lines so far (oldest first). */
  lines(): { t: number; kind: string; text: string; scripted: boolean }[];
  /** Act as the learner does (through the widget: a scripted story stops, the widget redraws). */
  apply(action: Action): number | undefined;
  /** Back to the start of the story, paused. */
  reset(): void;
  setSpeed(s: number): void;
}

export interface QuorumLabHook {
  /** Ids of the clusters live on this page. */
  clusters(): string[];
  /** The cluster `id`; throws with the list of ids when there is none (a clear test failure). */
  cluster(id: string): ClusterTestHandle;
}

declare global {
  interface Window {
    quorumLab?: QuorumLabHook;
  }
}

const live = new Map<string, ClusterTestHandle>();

function hook(): QuorumLabHook {
  return {
    clusters: () => [...live.keys()],
    cluster(id: string) {
      const h = live.get(id);
      if (!h) throw new Error(`quorumLab: no cluster "${id}" on this page (live: ${[...live.keys()].join(', ') || 'none'})`);
      return h;
    },
  };
}

/** Expose `model` as `window.quorumLab.cluster(id)`. Returns the function that removes it. */
export function exposeCluster(id: string, model: ClusterModel): () => void {
  const h: ClusterTestHandle = {
    id,
    pause: () => model.pause(),
    play: () => model.play(),
    playing: () => model.playing,
    animating: () => model.animating,
    now: () => model.now,
    advanceTo: (t) => model.advanceTo(t),
    advanceBy: (ms) => model.advanceTo(model.now + ms),
    skip: () => model.skip(),
    runUntil: (pred, maxMs) => model.runUntil(() => pred(h), maxMs),
    quorum: () => model.quorum,
    quorumState: () => model.state,
    leader: () => model.quorum.leader,
    nodes: () => model.nodes,
    ops: () => model.ops,
    lines: () => model.lines.map((l) => ({ t: l.t, kind: l.kind, text: l.text, scripted: !!l.scripted })),
    apply: (a) => model.apply(a),
    reset: () => model.reset(),
    setSpeed: (s) => model.setSpeed(s),
  };
  live.set(id, h);
  if (typeof window !== 'undefined') window.quorumLab ??= hook();
  return () => {
    if (live.get(id) === h) live.delete(id);
  };
}
