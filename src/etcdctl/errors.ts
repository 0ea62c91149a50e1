// etcd's errors as the client prints them: the gRPC code and text of each refusal, and the transport
// errors of the recorded transcripts. The engine refuses with etcd's texts (docs/ARCHITECTURE.md); this module
// turns a refusal, by its code (src/raft/types.ts REFUSAL_CODES), into what etcdctl 3.4 shows.
import type { RefusalCode } from '../raft/types';

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

/** A refusal from the engine: its stable code and its words (the `reject` event, or a failed op). */
export interface Refusal {
  code: RefusalCode | undefined;
  reason: string;
}

/**
 * The engine's refusal codes → etcd's error text and gRPC code (etcdserver/api/v3rpc/rpctypes, as the
 * recorded transcripts print them). `null`: not an etcd refusal (a limit or a check of the simulator): the
 * engine's words are shown as they are, with code Unknown.
 */
const BY_CODE: Readonly<Record<RefusalCode, EtcdError | null>> = {
  'unhealthy-cluster': { text: 'etcdserver: unhealthy cluster', code: 'Unavailable' },
  'membership-in-progress': { text: 'etcdserver: request timed out', code: 'Unavailable' },
  'learner-not-in-sync': { text: 'etcdserver: can only promote a learner member which is in sync with leader', code: 'FailedPrecondition' },
  'not-a-learner': { text: 'etcdserver: can only promote a learner member', code: 'FailedPrecondition' },
  'unknown-member': { text: 'etcdserver: member not found', code: 'NotFound' },
  'member-exists': { text: 'etcdserver: member ID already exist', code: 'FailedPrecondition' },
  'no-leader': { text: 'etcdserver: no leader', code: 'Unavailable' },
  'learner-rpc': { text: 'etcdserver: rpc not supported for learner', code: 'Unavailable' },
  'bad-leader-transferee': { text: 'etcdserver: bad leader transferee', code: 'Unknown' },
  timeout: { text: 'etcdserver: request timed out', code: 'Unavailable' },
  'connection-refused': null,
  'no-endpoint': null,
  'bad-member-id': null,
  'too-many-members': null,
  'last-voter': null,
  'member-removed': null,
  'bad-argument': null,
  'bad-action': null,
};

/** Map an engine refusal to etcd's error text and gRPC code, by its code (never by its words). */
export function etcdError(r: Refusal): EtcdError {
  const known = r.code === undefined ? null : BY_CODE[r.code];
  return known ?? { text: r.reason, code: 'Unknown' };
}
