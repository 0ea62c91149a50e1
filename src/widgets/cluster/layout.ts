// Pure geometry and formatting for the cluster widget: no DOM, no engine import, unit-tested.

export interface Point { x: number; y: number }

/** Positions of `n` nodes evenly on a circle (first node at the top, clockwise). */
export function ringPositions(n: number, cx: number, cy: number, r: number): Point[] {
  if (n <= 0) return [];
  if (n === 1) return [{ x: cx, y: cy }];
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    out.push({ x: round(cx + r * Math.cos(a)), y: round(cy + r * Math.sin(a)) });
  }
  return out;
}

/** Fraction of the way a message has travelled at virtual time `now` (clamped to [0, 1]). */
export function progress(sentAt: number, arriveAt: number, now: number): number {
  if (!(arriveAt > sentAt)) return 1;
  const p = (now - sentAt) / (arriveAt - sentAt);
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** The point at fraction `p` from `a` to `b`, shortened by `pad` at both ends (so messages leave a node's edge),
 *  and shifted sideways by `side` (requests and answers between the same pair do not overlap). */
export function along(a: Point, b: Point, p: number, pad = 0, side = 0): Point {
  const dx = b.x - a.x, dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len;
  const usable = Math.max(0, len - 2 * pad);
  const d = pad + usable * p;
  return { x: round(a.x + ux * d - uy * side), y: round(a.y + uy * d + ux * side) };
}

/** What is left of an election timer, in [0, 1] (1 = just reset, 0 = fires now). */
export function timerLeft(deadline: number | null, timeout: number, now: number): number {
  if (deadline == null || !(timeout > 0)) return 0;
  const f = (deadline - now) / timeout;
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

/** A stroke-dasharray that draws fraction `f` of a circle of radius `r`. */
export function arcDash(f: number, r: number): string {
  const c = 2 * Math.PI * r;
  return `${round(c * f)} ${round(c)}`;
}

/** Term colours: a fixed cycle, so a term keeps its colour everywhere. Terms are also always written as numbers. */
export const TERM_COLOURS = 8;
export function termClass(term: number): string {
  return `term-${((term % TERM_COLOURS) + TERM_COLOURS) % TERM_COLOURS}`;
}

/** Zone letters for the partition editor. */
export const ZONES = ['A', 'B', 'C'] as const;
export type Zone = (typeof ZONES)[number];

/** Groups (engine partition) from a zone per node. Nodes are listed in the given order; empty zones dropped.
 *  Returns undefined when every node sits in one zone (the network is whole: heal). */
export function groupsFromZones(ids: readonly string[], zones: Readonly<Record<string, Zone>>): string[][] | undefined {
  const by = new Map<Zone, string[]>();
  for (const id of ids) {
    const z = zones[id] ?? 'A';
    if (!by.has(z)) by.set(z, []);
    by.get(z)!.push(id);
  }
  const groups = ZONES.map((z) => by.get(z)).filter((g): g is string[] => !!g && g.length > 0);
  return groups.length <= 1 ? undefined : groups;
}

/** Zone per node from engine groups (a node in no group is alone: it gets the first unused letter, or 'C'). */
export function zonesFromGroups(ids: readonly string[], groups: readonly (readonly string[])[] | undefined): Record<string, Zone> {
  const out: Record<string, Zone> = {};
  if (!groups) {
    for (const id of ids) out[id] = 'A';
    return out;
  }
  groups.forEach((g, i) => g.forEach((id) => (out[id] = ZONES[Math.min(i, ZONES.length - 1)])));
  for (const id of ids) if (!out[id]) out[id] = ZONES[Math.min(groups.length, ZONES.length - 1)];
  return out;
}

/** True when `a` and `b` can talk under the partition `groups`. */
export function linked(groups: readonly (readonly string[])[] | undefined, a: string, b: string): boolean {
  if (!groups) return true;
  return groups.some((g) => g.includes(a) && g.includes(b));
}

/** Virtual time for display: "12,345 s" (fr) / "12.345 s" (en). */
export function formatTime(ms: number, lang: string): string {
  const s = Math.max(0, ms) / 1000;
  return `${s.toLocaleString(lang === 'en' ? 'en-US' : 'fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 })}\u00a0s`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
