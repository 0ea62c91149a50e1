// How fast virtual time runs on screen at 1× (virtual ms per wall ms). Pure, unit-tested.
// A lesson talks about things seconds apart (a crash at 4 s, writes at 8 s, a heal at 16 s): nothing it names
// may be more than about 5 s of screen time away. Messages are what a learner must be able to follow, so time
// slows while they travel and runs fast in between:
// - while an election or a write travels (votes, appends, client requests), one average hop lasts HOP_WALL_MS;
// - while only heartbeats and their answers travel (routine, ten a second), one hop lasts HEARTBEAT_HOP_WALL_MS: visible, brief;
// - while nothing travels, RATE.idle: an election timeout of 1–2 s drains in well under a second.
// With heartbeats every 100 ms and 2–10 ms of latency, a healthy cluster then runs at about 0.8× real time.
import type { MessageView } from '../../raft';

export const HOP_WALL_MS = 250;
export const HEARTBEAT_HOP_WALL_MS = 24;
export const RATE = { idle: 4 } as const;

/** Virtual ms per wall ms at 1× for what is in flight now. */
export function pace(inFlight: readonly MessageView[], latencyMs: readonly [number, number]): number {
  if (inFlight.length === 0) return RATE.idle;
  const hop = Math.max(0.5, (latencyMs[0] + latencyMs[1]) / 2);
  let routine = true;
  for (const m of inFlight) if (!m.heartbeat) { routine = false; break; }
  return hop / (routine ? HEARTBEAT_HOP_WALL_MS : HOP_WALL_MS);
}

