// Who may drive the local bridge (issue 19): only pages of the course, through 127.0.0.1, with the token.
// A local server is reachable by any web page the learner opens (a form post, a fetch, DNS rebinding of a
// hostile name to 127.0.0.1), so every request is checked here, before any route runs.
import { timingSafeEqual } from 'node:crypto';
import { TOKEN_HEADER } from './protocol';

export interface Gate {
  port: number;
  token: string;
  /** Origins allowed to call (exact match, e.g. http://127.0.0.1:4321). */
  origins: string[];
}

export type Verdict = { ok: true; cors: string | null } | { ok: false; status: number; error: string };

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Check one request. `Host` must name the bridge on loopback (a rebinding attack sends the attacker's name);
 * an `Origin`, when the browser sends one, must be a course origin; the token must match (not needed for a
 * CORS preflight, which browsers send without custom headers).
 */
export function checkRequest(gate: Gate, req: { method: string; headers: Record<string, string | string[] | undefined> }): Verdict {
  const header = (n: string) => {
    const v = req.headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  const host = header('host') ?? '';
  if (![`127.0.0.1:${gate.port}`, `localhost:${gate.port}`, `[::1]:${gate.port}`].includes(host.toLowerCase())) {
    return { ok: false, status: 421, error: 'bridge: wrong Host (the bridge answers on 127.0.0.1 only)' };
  }
  const origin = header('origin');
  if (origin !== undefined && !gate.origins.includes(origin)) {
    return { ok: false, status: 403, error: 'bridge: this page is not allowed to drive the lab cluster' };
  }
  const fetchSite = header('sec-fetch-site');
  if (origin === undefined && fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return { ok: false, status: 403, error: 'bridge: cross-site request without an origin' };
  }
  if (req.method === 'OPTIONS') return { ok: true, cors: origin ?? null };
  const token = header(TOKEN_HEADER);
  if (!token || !same(token, gate.token)) return { ok: false, status: 401, error: 'bridge: missing or wrong token' };
  return { ok: true, cors: origin ?? null };
}
