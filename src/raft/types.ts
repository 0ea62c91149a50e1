// Shared types of the engine. Plain data only: every piece of simulation state is made of these
// records, arrays and Maps, so a whole cluster can be checkpointed by a cheap copy (see cluster.ts).

export type NodeId = string;
export type Role = 'follower' | 'precandidate' | 'candidate' | 'leader' | 'learner';

/** What a log entry carries (the contract's `entry`). */
export type Entry =
  | { kind: 'noop' }
  | { kind: 'put'; key: string; value: string }
  | { kind: 'delete'; key: string }
  | { kind: 'config'; members: NodeId[]; learners: NodeId[] };

/** One log entry. Immutable once created: nodes and messages share these objects. */
export interface LogEntry {
  index: number;
  term: number;
  entry: Entry;
  /** Client operation that proposed it (not part of the contract's `entry`). */
  op?: number;
  /** kv.ts applyToKv: the record a put made when applied, shared by the members that apply it alike. */
  rec?: KvRecord;
}

export interface Config {
  voters: NodeId[];
  learners: NodeId[];
}

// ---------------------------------------------------------------------------------------------
// Scenario (the contract's JSON, validated by src/scenarios/schema.ts, defaults filled in)

export interface Timing {
  heartbeatMs: number;
  electionTimeoutMs: number;
  latencyMs: [number, number];
  requestTimeoutMs: number;
}

export type ScenarioEvent =
  | { at: number; action: 'crash'; node: string }
  | { at: number; action: 'restart'; node: string }
  | { at: number; action: 'partition'; groups: NodeId[][] }
  | { at: number; action: 'heal' }
  | { at: number; action: 'network'; dropRate?: number; duplicateRate?: number; latencyMs?: [number, number] }
  /** put/get/delete `endpoints` (engine extension): the client's endpoint list from then on, as etcdctl's
   *  --endpoints (default: the voters); used when no `node` is named. */
  | { at: number; action: 'put'; key: string; value: string; node?: string; client?: string; endpoints?: NodeId[] }
  | { at: number; action: 'get'; key: string; consistency?: 'linearizable' | 'serializable'; node?: string; client?: string; endpoints?: NodeId[] }
  | { at: number; action: 'delete'; key: string; node?: string; client?: string; endpoints?: NodeId[] }
  | { at: number; action: 'addMember'; node: NodeId; learner?: boolean }
  | { at: number; action: 'removeMember'; node: string }
  | { at: number; action: 'promote'; node: string }
  | { at: number; action: 'transferLeader'; node: string }
  /** Engine extension (not in the contract's table): switch PreVote / CheckQuorum at run time. */
  | { at: number; action: 'setFeatures'; preVote?: boolean; checkQuorum?: boolean };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Action = DistributiveOmit<ScenarioEvent, 'at'>;

export interface Scenario {
  seed: number;
  members: NodeId[];
  learners: NodeId[];
  timing: Timing;
  features: { preVote: boolean; checkQuorum: boolean };
  network: { dropRate: number; duplicateRate: number };
  until: number;
  events: ScenarioEvent[];
  /** Engine extension: a node compacts its log into a snapshot once it has applied this many entries
   *  past its last snapshot (etcd's --snapshot-count, much smaller here so that a course run shows it). */
  snapshotEntries?: number;
}

// ---------------------------------------------------------------------------------------------
// Messages (RPCs between nodes). `term` 0 = a message that carries no Raft term (client forwarding).

export type MessageType =
  | 'AppendEntries'
  | 'AppendEntriesResponse'
  | 'RequestVote'
  | 'RequestVoteResponse'
  | 'PreVote'
  | 'PreVoteResponse'
  | 'InstallSnapshot'
  | 'InstallSnapshotResponse'
  | 'TimeoutNow'
  | 'Propose'
  | 'ProposeResponse'
  | 'ReadIndex'
  | 'ReadIndexResponse';

export interface Snapshot {
  index: number;
  term: number;
  config: Config;
  kv: KvState;
}

/** A message in flight. Created by `send` and never mutated until delivered; then reused unless `held` (checkpoints
 *  share the messages in flight). */
export interface Message {
  /** Heap event kind: 0 for a message (see cluster.ts). Its queue keys are `arriveAt` and a sequence number. */
  k: 0;
  id: number;
  type: MessageType;
  from: NodeId;
  to: NodeId;
  /** `from` and `to` as positions in the simulation's member list (NodeState.ix): the receiver and the
   *  leader's progress record are found by index on the hot path, not looked up by name. */
  fromIx: number;
  toIx: number;
  term: number;
  sentAt: number;
  arriveAt: number;
  /** Drawn at send time: the message will be lost in transit. */
  lost: boolean;
  /** AppendEntries: previous index; responses: the index acknowledged / rejected; votes: candidate's last index. */
  index: number;
  /** AppendEntries: term at `index`; votes: candidate's last term; rejection: the follower's term at `hint`. */
  logTerm: number;
  entries?: LogEntry[];
  commit?: number;
  heartbeat?: boolean;
  /** ReadIndex confirmation round carried by heartbeats. */
  ctx?: number;
  reject?: boolean;
  /** What only a few kinds of message carry (votes, rejections, snapshots, forwarded requests), apart: the
   *  appends, heartbeats and their answers that make most of the traffic stay small. */
  x?: MessageExtra;
  /** A checkpoint's queue holds this message (engine.ts checkpoint): it is never given back for reuse. */
  held: boolean;
}

export interface MessageExtra {
  /** AppendEntriesResponse rejecting: where the leader should look for the match. */
  hint?: number;
  /** Vote answers. */
  granted?: boolean;
  /** RequestVote sent after TimeoutNow (leadership transfer): voters ignore their leader lease. */
  transfer?: boolean;
  snapshot?: Snapshot;
  /** Propose / ReadIndex (and its answer): the client operation, the entry to propose, and the node the client
   *  talks to. */
  op?: number;
  entry?: Entry;
  origin?: NodeId;
}

export interface KvRecord {
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** The key-value state machine, etcd style: a store revision bumped by every change. */
export interface KvState {
  revision: number;
  /** Shared between copies (checkpoints, snapshots) until one of them writes: see kv.ts. */
  data: Map<string, KvRecord>;
  /** `data` is this state's alone and may be written in place; false once a copy shares it. */
  own: boolean;
}

// ---------------------------------------------------------------------------------------------
// Refusals: every `reject` event and every failed client op carries one of these codes beside its etcd text,
// so that callers (src/etcdctl) map codes to etcd's gRPC errors instead of matching words.

export const REFUSAL_CODES = [
  // client requests (OpView.code)
  'connection-refused', // the member asked is down ("dial tcp: connect: connection refused")
  'no-endpoint', // none of the client's endpoints accepted a connection before the deadline (clientv3 balancer)
  'no-leader', // the member knows no leader ("etcdserver: no leader"); also a membership action with no leader
  'learner-rpc', // a learner refuses client requests ("etcdserver: rpc not supported for learner")
  'timeout', // no answer within requestTimeoutMs: outcome unknown (`info`, "context deadline exceeded")
  // membership (reject events)
  'unhealthy-cluster', // the change would leave too few started members ("etcdserver: unhealthy cluster")
  'learner-not-in-sync', // promote of a learner that lags ("... which is in sync with leader")
  'not-a-learner', // promote of a member that is not a learner
  'membership-in-progress', // a previous change is not committed yet
  'member-exists', // member add of an id that exists
  'bad-member-id', // member add with an invalid id
  'too-many-members', // at most 9 members
  'last-voter', // cannot remove the last voting member
  'bad-leader-transferee', // move-leader to a non-voter
  // any action (reject events)
  'unknown-member', // names no member ("member not found", "unknown node")
  'member-removed', // crash/restart of a removed member
  'bad-argument', // a field of the action is malformed
  'bad-action', // not an action, or an unknown action
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

// ---------------------------------------------------------------------------------------------
// Views for the UI

export interface NodeView {
  id: NodeId;
  up: boolean;
  removed: boolean;
  role: Role;
  term: number;
  votedFor: NodeId | null;
  leader: NodeId | null;
  voter: boolean;
  commitIndex: number;
  lastApplied: number;
  snapshotIndex: number;
  snapshotTerm: number;
  lastIndex: number;
  log: { index: number; term: number; entry: Entry }[];
  kv: Record<string, KvRecord>;
  revision: number;
  electionDeadline: number | null;
  electionTimeout: number;
  votesReceived: NodeId[];
  matchIndex?: Record<NodeId, number>;
  nextIndex?: Record<NodeId, number>;
  config: Config;
}

/** What the UI sees of a message: its identity and timing from Message, plus a few derived facts. */
export type MessageView = Pick<Message, 'id' | 'type' | 'from' | 'to' | 'term' | 'sentAt' | 'arriveAt'> & {
  /** AppendEntries with no entries. */
  heartbeat: boolean;
  /** Number of entries carried. */
  entries?: number;
  /** Answers to AppendEntries / InstallSnapshot: accepted. */
  success?: boolean;
  granted?: boolean;
};

/** healthy: a leader reaches a majority of voters (writes commit); electing: a majority of voters is up and
 *  connected but no leader reaches it yet (writes wait; a leader will be elected); lost: no connected group of
 *  running voters reaches the quorum (no leader can be elected; writes end after the client timeout). */
export type QuorumState = 'healthy' | 'electing' | 'lost';

export interface QuorumView {
  /** Voters of the configuration in force (the leader's, else the latest any member holds). */
  voters: NodeId[];
  /** quorumSize(voters.length). */
  quorum: number;
  /** Voters that are up. */
  up: NodeId[];
  /** Voters up and reachable from `leader`, the leader included ([] when there is no such leader). */
  reachable: NodeId[];
  /** The leader that reaches a quorum of voters, null otherwise (a minority leader is in `staleLeaders`). */
  leader: NodeId | null;
  /** state === 'healthy'. */
  hasQuorum: boolean;
  state: QuorumState;
  /** The largest set of running voters that can all reach each other (by the partitions). */
  largestGroup: NodeId[];
  /** Further voter failures the cluster can take now: largestGroup.length - quorum, never below 0; 0 when lost. */
  tolerated: number;
  /** Nodes that still believe they lead but reach no quorum (minority side, or an older term's leader not yet
   *  told): nothing they receive can commit. */
  staleLeaders: NodeId[];
  /** When electing: about how long (virtual ms) until a leader is elected, from the timers and latency. */
  electionWithinMs: number | null;
}

export interface OpView {
  op: number;
  client: string;
  f: 'put' | 'get' | 'delete';
  key: string;
  value?: string;
  consistency?: 'linearizable' | 'serializable';
  node: NodeId | null;
  invokedAt: number;
  endedAt?: number;
  status: 'pending' | 'ok' | 'fail' | 'info';
  result?: string | null;
  error?: string;
  /** etcd-style revision of the answer (the store revision at the node that answered). */
  revision?: number;
  /** Why it failed (fail / info), stable across wordings: map it, never the `error` text. */
  code?: RefusalCode;
  /** The member whose answer ended the request (ok, or a refusal such as "no leader"); absent when no member
   *  answered (connection refused, timeout). */
  answeredBy?: NodeId;
  /** A request to the cluster (no `node`): the client's endpoint list, and the endpoints that refused the
   *  connection before one accepted (in the order tried). `node` is then the endpoint it was sent to. */
  endpoints?: NodeId[];
  refused?: NodeId[];
}

// ---------------------------------------------------------------------------------------------
// Trace lines (the contract) and simulation events (trace lines plus explanations for the UI)

export type TraceLine =
  | { t: number; type: 'role'; node: NodeId; role: Role; term: number }
  | { t: number; type: 'commit'; node: NodeId; index: number; term: number }
  | { t: number; type: 'snapshot'; node: NodeId; index: number; term: number }
  | { t: number; type: 'apply'; node: NodeId; index: number; term: number; entry: Entry }
  | { t: number; type: 'crash' | 'restart'; node: NodeId }
  | { t: number; type: 'partition'; groups: NodeId[][] }
  | { t: number; type: 'heal' }
  | {
      t: number;
      type: 'invoke';
      op: number;
      client: string;
      f: 'put' | 'get' | 'delete';
      key: string;
      value?: string;
      consistency?: 'linearizable' | 'serializable';
    }
  | { t: number; type: 'ok'; op: number; value?: string | null }
  | { t: number; type: 'fail' | 'info'; op: number; error: string }
  | { t: number; type: 'reject'; action: Action; reason: string; code: RefusalCode }
  /** Engine extensions (checkers ignore them): a membership request accepted, a removed member stopping. */
  | { t: number; type: 'member'; action: 'addMember' | 'removeMember' | 'promote' | 'transferLeader'; node: NodeId; learner?: boolean }
  | { t: number; type: 'removed'; node: NodeId }
  | { t: number; type: 'final'; nodes: Record<NodeId, FinalNode> };

export interface FinalNode {
  role: Role;
  term: number;
  votedFor: NodeId | null;
  commitIndex: number;
  lastApplied: number;
  up: boolean;
  log: { index: number; term: number; entry: Entry }[];
}

export type DropReason = 'loss' | 'partition' | 'down' | 'removed';
export type VoteReason = 'log-behind' | 'already-voted' | 'lease' | 'stale-term' | 'has-leader';
export type StepdownReason = 'higher-term' | 'check-quorum' | 'removed' | 'transfer';

export type SimEvent =
  | TraceLine
  | { type: 'send' | 'deliver' | 'drop'; t: number; msg: MessageView; reason?: DropReason }
  /** A leader hands over: it sends TimeoutNow to `to` now (transferLeader, or a removed leader stepping away). */
  | { type: 'transfer'; t: number; from: NodeId; to: NodeId; term: number }
  /** Why an election starts on `node`: its timer ran out (election, or prevote when PreVote is on), or a TimeoutNow
   *  arrived (transfer). */
  | { type: 'timeout'; t: number; node: NodeId; term: number; kind: 'election' | 'prevote' | 'transfer' }
  | { type: 'vote'; t: number; from: NodeId; to: NodeId; term: number; granted: boolean; prevote: boolean; reason?: VoteReason }
  | { type: 'stepdown'; t: number; node: NodeId; term: number; reason: StepdownReason }
  | { type: 'config'; t: number; node: NodeId; voters: NodeId[]; learners: NodeId[] }
  | { type: 'features'; t: number; preVote: boolean; checkQuorum: boolean }
  | { type: 'network'; t: number; dropRate: number; duplicateRate: number; latencyMs: [number, number] }
  | { type: 'seek'; t: number };

// ---------------------------------------------------------------------------------------------
// Internal state (plain data; see state.ts cloneState for what a checkpoint copies)

/** What the leader knows of one peer's log (etcd-io/raft tracker.Progress, simplified). */
export interface Progress {
  /** The follower this record is about, and its position in the member list (NodeState.ix). */
  id: NodeId;
  ix: number;
  match: number;
  next: number;
  /** probe: one AppendEntries at a time until the log matches; replicate: pipelined; snapshot: waiting. */
  state: 'probe' | 'replicate' | 'snapshot';
  paused: boolean;
  /** Heard from since the last CheckQuorum round. */
  active: boolean;
  snapSentAt: number;
}

/** A linearizable read being confirmed by the leader (ReadIndex, thesis section 6.4). */
export interface LeaderRead {
  ctx: number;
  /** Commit index at the time of the request; -1 while the leader has not yet committed in its term. */
  index: number;
  op: number;
  from: NodeId;
  acks: NodeId[];
}

export interface NodeState {
  id: NodeId;
  /** Its position in the simulation's member list (SimState.order, which only grows): messages and progress
   *  records name it by this index too, for array lookups where a Map lookup by name cost a tenth of a run. */
  ix: number;
  up: boolean;
  removed: boolean;
  /** How it joined, while its log holds no configuration naming it (a freshly added member). */
  joinAs: 'voter' | 'learner';
  // Persistent state (survives crash): term, vote, log, snapshot.
  term: number;
  votedFor: NodeId | null;
  log: LogEntry[];
  /** In a checkpoint: the length of the log when it was taken (a checkpoint shares the running node's array,
   *  which meanwhile only grows at its end). Not kept up to date in a running cluster, whose log is all of `log`. */
  logLength: number;
  /** A checkpoint shares `log`: cut it only after copying it (replication.ts truncateLog). */
  logShared: boolean;
  snap: Snapshot;
  // Volatile state.
  role: Role;
  leader: NodeId | null;
  commitIndex: number;
  lastApplied: number;
  kv: KvState;
  /** Configuration in force: the latest one in the log, committed or not (thesis section 4.1). */
  config: Config;
  configIndex: number;
  /** Randomised election timeout drawn at the last role/term change, in [T, 2T). */
  electionTimeout: number;
  /** Last time the election timer was reset (a heartbeat, a granted vote, a role change). */
  lastReset: number;
  /** Time of the pending timer event, -1 if none; events of an older generation are ignored. */
  timerAt: number;
  timerGen: number;
  votes: Map<NodeId, boolean>;
  // Leader state.
  progress: Map<NodeId, Progress>;
  /** The same records by follower index (Progress.ix); kept with `progress` by host.ts addProgress / dropProgress. */
  progressIx: (Progress | undefined)[];
  heartbeatDue: number;
  checkQuorumAt: number;
  transferee: NodeId | null;
  transferDeadline: number;
  reads: LeaderRead[];
  readCtx: number;
  /** Reads whose index is known, waiting until this node has applied that far. */
  waitingReads: { op: number; index: number }[];
}
