// etcd's errors as the client prints them: the gRPC code and text of each refusal, and the transport
// errors of the recorded transcripts. The engine refuses with etcd's texts (docs/ARCHITECTURE.md); this module
// turns a refusal into what etcdctl 3.4 shows.

/** Ends a command with an exit code (thrown by `Client.fail`, caught by `Etcdctl.run`). */
export class Exit {
  constructor(readonly code: number) {}
}

/** The warn line's error when no endpoint answers at all. */
export const TRANSIENT_FAILURE = 'rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure';

/** The warn line's error when the one endpoint asked is down (endpoint status, move-leader). */
export function connectionRefused(hostPort: string): string {
  return `rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = "transport: Error while dialing dial tcp ${hostPort}: connect: connection refused"`;
}

/** etcd's error for a refusal: the text after `Error: ` and the gRPC code of the warn line. */
export interface EtcdError {
  text: string;
  code: string;
}

/** Known refusals: how to recognise the engine's reason, etcd's text, its gRPC code (etcdserver/api/v3rpc/rpctypes). */
const KNOWN: readonly [RegExp, string, string][] = [
  [/unhealthy/i, 'unhealthy cluster', 'Unavailable'],
  [/request timed out/i, 'request timed out', 'Unavailable'],
  [/in sync/i, 'can only promote a learner member which is in sync with leader', 'FailedPrecondition'],
  [/can only promote|not a learner/i, 'can only promote a learner member', 'FailedPrecondition'],
  [/not found|unknown member/i, 'member not found', 'NotFound'],
  [/too many learner/i, 'too many learner members in cluster', 'FailedPrecondition'],
  [/no leader/i, 'no leader', 'Unavailable'],
  [/transferee|transfer/i, 'bad leader transferee', 'Unknown'],
  [/exist/i, 'member ID already exist', 'FailedPrecondition'],
];

/** Map an engine reject reason to etcd's error text and gRPC code. */
export function etcdReason(reason: string): EtcdError {
  const r = reason.replace(/^etcdserver:\s*/, '');
  for (const [re, text, code] of KNOWN) if (re.test(r)) return { text: `etcdserver: ${text}`, code };
  // Not an etcd refusal (a limit of the simulator, e.g. at most 9 members): say it as it is.
  return { text: /^etcdserver:/.test(reason) ? reason : r, code: 'Unknown' };
}

/** Is this the engine's "no leader" refusal (a request etcd would hold until the deadline, not refuse)? */
export function isNoLeader(reason: string | undefined): boolean {
  return reason !== undefined && /no leader/.test(reason);
}
