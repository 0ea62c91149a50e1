// Replaying a share link (issue 13 item 9): bounded (REPLAY_MAX_EVENTS engine events, the same bound on every
// machine) and in slices of about REPLAY_SLICE_MS that yield to the page, so a link can never freeze the tab.
// The caller mutes the simulation first: nothing is narrated and nothing reactive changes until it lands.
import type { Action, Timeline } from '../../raft';
import type { SharedState } from '../../scenarios/share';

/** At most this many engine events. */
export const REPLAY_MAX_EVENTS = 3_000_000;
/** Each slice of work runs about this long (wall ms) before yielding to the page. */
const REPLAY_SLICE_MS = 12;

export type LoadResult = { ok: true } | { ok: false; reason: 'bound'; reached: number } | { ok: false; reason: 'cancelled' };

export interface ReplayOptions {
  maxEvents?: number;
  /** How a slice gives the page back (default: a macrotask). */
  yieldFn?: () => Promise<void>;
  progress?: (fraction: number) => void;
  cancelled?: () => boolean;
}

/** Run `tl` (fresh) to `state.t`, applying `state.injected` at their instants. */
export async function replay(tl: Timeline, state: SharedState, opts: ReplayOptions = {}): Promise<LoadResult> {
  const maxEvents = opts.maxEvents ?? REPLAY_MAX_EVENTS;
  const yieldFn = opts.yieldFn ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const sim = tl.sim;
  const actions = [...state.injected].sort((a, b) => a.at - b.at);
  const target = state.t;
  let chunk = 50; // virtual ms per engine call, adapted to keep each call short
  let ai = 0;
  let sliceStart = now();
  while (tl.now < target || (ai < actions.length && actions[ai].at <= target)) {
    if (sim.stats().events > maxEvents) return { ok: false, reason: 'bound', reached: tl.now };
    const nextAction = ai < actions.length ? actions[ai].at : Infinity;
    const stop = Math.min(target, nextAction, tl.now + chunk);
    const w0 = now();
    tl.advanceTo(stop);
    const spent = now() - w0;
    chunk = spent < 2 ? chunk * 2 : spent > 8 ? Math.max(1, chunk / 2) : chunk;
    if (ai < actions.length && tl.now >= nextAction) {
      const { at: _at, ...action } = actions[ai++];
      tl.apply(action as Action);
    }
    if (now() - sliceStart > REPLAY_SLICE_MS) {
      opts.progress?.(target > 0 ? Math.min(1, tl.now / target) : 1);
      await yieldFn();
      if (opts.cancelled?.()) return { ok: false, reason: 'cancelled' };
      sliceStart = now();
    }
  }
  return { ok: true };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : 0;
}
