// One set of limits for everything that carries a scenario: the scenario format (and so `simulate`), the
// cluster widget, share links and the etcdctl terminal. Defined here once; every check imports from here.
// Each limit says what it protects. Pure data and small pure functions: safe in the browser and in Node.

/** Members and learners a scenario may start with (the ring and the trace stay readable). */
export const MAX_MEMBERS = 9;
/** Longest run: 24 virtual hours (a course run lasts minutes; this stops a hostile `until`). */
export const MAX_UNTIL_MS = 24 * 3600 * 1000;
/** Events in one scenario. */
export const MAX_EVENTS = 200_000;
/** Longest key, in characters (UTF-16 code units, as JavaScript counts them). */
export const MAX_KEY_CHARS = 1024;
/** Longest value, in characters. */
export const MAX_VALUE_CHARS = 65_536;
/** Longest client name, in characters. */
export const MAX_CLIENT_CHARS = 64;
/**
 * Work one run may ask for, counted as heartbeat messages (until / heartbeatMs × nodes²): about a minute of
 * CPU on a laptop. Beyond it the run is refused before it starts.
 */
export const MAX_WORK = 300_000_000;
/**
 * Bytes of keys and values one trace may carry, estimated before the run: each put's key and value appear
 * in its `invoke` line, in an `apply` line per node and in each node's log in the `final` line.
 */
export const MAX_TRACE_VALUE_BYTES = 256_000_000;
/** Hard stop while writing: a trace never grows past this, whatever the estimate said (1 GB). */
export const MAX_TRACE_BYTES = 1_000_000_000;
/** Largest scenario file `simulate` reads (a real one is a few kilobytes). */
export const MAX_SCENARIO_FILE_BYTES = 64_000_000;

/** etcd's own request limits, which the terminal reproduces (`--max-request-bytes` default; the client's gRPC limit). */
export const MAX_REQUEST_BYTES = 1_572_864;
export const CLIENT_MAX_SEND = 2 * 1024 * 1024;

/** Share links: longest code (`?c=…`), largest JSON once decompressed, latest instant a link may restore. */
export const MAX_LINK_CODE_CHARS = 16_000;
export const MAX_LINK_JSON_BYTES = 200_000;
export const MAX_LINK_T_MS = 3_600_000;

/** The nodes a scenario can ever have: starting members and learners, plus every addMember. */
export function nodeCount(s: { members: readonly string[]; learners?: readonly string[]; events: readonly { action: string }[] }): number {
  let n = s.members.length + (s.learners?.length ?? 0);
  for (const e of s.events) if (e.action === 'addMember') n++;
  return n;
}

/** Heartbeat messages a run may need, roughly: heartbeat rounds × links. */
export function estimateWork(s: { until: number; timing: { heartbeatMs: number }; members: readonly string[]; learners?: readonly string[] }): number {
  const n = s.members.length + (s.learners?.length ?? 0);
  return (s.until / s.timing.heartbeatMs) * n * n;
}

/**
 * Bytes of keys and values a run's trace will carry, roughly (characters count as bytes): the `invoke` line of
 * each put, one `apply` line per node, and each node's log in the `final` line.
 */
export function estimateTraceValueBytes(s: { members: readonly string[]; learners?: readonly string[]; events: readonly { action: string; key?: unknown; value?: unknown }[] }): number {
  const nodes = nodeCount(s);
  let chars = 0;
  for (const e of s.events) {
    if (e.action !== 'put' && e.action !== 'delete') continue;
    chars += (typeof e.key === 'string' ? e.key.length : 0) + (typeof e.value === 'string' ? e.value.length : 0);
  }
  return chars * (2 * nodes + 1);
}

/** "32.8 MB": a byte count for one-line English messages (terminal side; pages format with Intl). */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1).replace(/\.0$/, '')} MB`;
}
