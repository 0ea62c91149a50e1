// The speaker view follows the projected clusters. reveal.js's speaker view shows the current and the next
// slide in iframes of the same deck (their URL has `?receiver`); each iframe runs its own copy of every live
// cluster. The projected deck (the one without `receiver`) sends, for each cluster, its virtual time and the
// actions applied to it (crash, restart, writes…) on a BroadcastChannel (same origin, every window and frame of
// the browser); the previews stay paused and replay exactly that, so the instructor's notes show the cluster the
// room sees. Actions are the ones a share link carries: the same replay gives the same state (the engine is
// deterministic).
import { onCluster, type ClusterHandle } from '../widgets/registry';
import type { Action, ScenarioEvent } from '../raft';

const CHANNEL = 'quorum-lab:deck-clusters';

interface ClusterState {
  /** The deck's path: another deck open in another tab is not ours. */
  deck: string;
  id: string;
  now: number;
  /** JSON of the injected actions, `[{ at, ...action }]`. */
  injected: string;
}

/** The deck's cluster ids, from the server-rendered widgets (present before they hydrate). */
function clusterIds(): string[] {
  return [...new Set([...document.querySelectorAll<HTMLElement>('[data-cluster-id]')].map((el) => el.dataset.clusterId ?? '').filter(Boolean))];
}

/** Projected deck: tell the previews about every change of every cluster. */
function send(channel: BroadcastChannel) {
  const last = new Map<string, ClusterState>();
  const post = (id: string, h: ClusterHandle) => {
    const state: ClusterState = { deck: location.pathname, id, now: h.timeline.now, injected: JSON.stringify(h.timeline.injected) };
    const prev = last.get(id);
    if (prev && prev.now === state.now && prev.injected === state.injected) return;
    last.set(id, state);
    channel.postMessage(state);
  };
  for (const id of clusterIds()) {
    onCluster(id, (h) => {
      post(id, h);
      h.subscribe(() => post(id, h));
    });
  }
  // A preview that opens (or reloads) later asks for the current states.
  channel.addEventListener('message', (e: MessageEvent) => {
    if (e.data?.type !== 'hello' || e.data.deck !== location.pathname) return;
    last.clear();
    for (const id of clusterIds()) onCluster(id, (h) => post(id, h));
  });
}

/** Speaker-view preview: mirror the projected clusters, paused. */
function receive(channel: BroadcastChannel) {
  const applied = new Map<string, ClusterState>();
  const pending = new Map<string, ClusterState>();
  const mirror = (h: ClusterHandle, state: ClusterState) => {
    const prev = applied.get(state.id);
    h.pause();
    if (prev && prev.injected === state.injected && state.now >= h.timeline.now) {
      h.advanceTo(state.now);
    } else {
      // Different actions, or back in time: replay from the start, each action at its instant.
      h.reset();
      for (const event of JSON.parse(state.injected) as ScenarioEvent[]) {
        const { at, ...action } = event as ScenarioEvent & { at: number };
        h.advanceTo(at);
        h.apply(action as Action);
      }
      h.advanceTo(state.now);
    }
    applied.set(state.id, state);
  };
  channel.addEventListener('message', (e: MessageEvent) => {
    const state = e.data as ClusterState;
    if (state?.deck !== location.pathname || typeof state.id !== 'string' || typeof state.now !== 'number' || typeof state.injected !== 'string') return;
    const waiting = pending.has(state.id);
    pending.set(state.id, state);
    if (waiting) return;
    onCluster(state.id, (h) => {
      // After the widget's own start (it plays on mount): then pause it and show the projected state.
      setTimeout(() => {
        const latest = pending.get(state.id);
        pending.delete(state.id);
        if (latest) mirror(h, latest);
      }, 0);
    });
  });
  channel.postMessage({ type: 'hello', deck: location.pathname });
}

/** Start the sync on a deck page (a no-op where BroadcastChannel is missing). */
export function syncSpeakerView(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  if (/(^|[?&])receiver(&|=|$)/i.test(location.search.slice(1))) receive(channel);
  else send(channel);
}
