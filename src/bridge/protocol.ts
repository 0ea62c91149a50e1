// What the lab's real-cluster bridge and the browser say to each other (issue 19). Browser-safe: types and a
// small fetch client, no Node imports. The bridge listens on 127.0.0.1 only, serves the built course and its API
// from one origin, and wants its token on every API request, in the `x-quorum-lab-token` header.

export type RealRole = 'leader' | 'follower' | 'learner';

export interface RealMemberState {
  name: string;
  /** The etcd process runs (the bridge started it and it has not exited). */
  up: boolean;
  /** It answered the status request in time. */
  answering: boolean;
  role: RealRole | null;
  term: number | null;
  leader: string | null;
  raftIndex: number | null;
  appliedIndex: number | null;
  revision: number | null;
  learner: boolean;
  errors: string[];
  endpoint: string;
}

export interface RealClusterState {
  members: RealMemberState[];
  partition: string[][] | null;
}

export interface EtcdctlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type BridgeAction =
  | { action: 'crash'; node: string }
  | { action: 'restart'; node: string }
  | { action: 'partition'; groups: string[][] }
  | { action: 'heal' }
  | { action: 'put'; key: string; value: string; node?: string }
  | { action: 'get'; key: string; consistency?: 'linearizable' | 'serializable'; node?: string };

export const TOKEN_HEADER = 'x-quorum-lab-token';

/**
 * The bridge behind a lab page, from the page's location: the bridge serves the course itself on 127.0.0.1
 * (so that the page's CSP, `connect-src 'self'`, allows it and nothing else), and the script prints the lab
 * URL with the token in the fragment (`…/labo/#token=…`), which never reaches a server log.
 */
export function bridgeFromLocation(loc: { origin: string; hash: string }): { url: string; token: string } | null {
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (!token || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  let u: URL;
  try {
    u = new URL(loc.origin);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return null;
  return { url: u.origin, token };
}

/** A tiny client for the bridge. Every call rejects with an Error whose message is the bridge's. */
export function bridgeClient(bridge: { url: string; token: string }, fetchImpl: typeof fetch = fetch) {
  async function call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const r = await fetchImpl(`${bridge.url}${route}`, {
      method,
      headers: { [TOKEN_HEADER]: bridge.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await r.json().catch(() => ({}))) as T & { error?: string };
    if (!r.ok) throw new Error(data.error ?? `bridge: HTTP ${r.status}`);
    return data;
  }
  return {
    health: () => call<{ ok: true; members: number; version: string }>('GET', '/api/health'),
    state: () => call<RealClusterState>('GET', '/api/state'),
    act: (a: BridgeAction) => call<{ ok: boolean; result?: EtcdctlResult }>('POST', '/api/action', a),
    etcdctl: (args: string[]) => call<EtcdctlResult>('POST', '/api/etcdctl', { args }),
  };
}
