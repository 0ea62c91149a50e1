// The etcdctl interpreter used by the terminal widget (src/widgets/terminal). Pure TypeScript on top of the
// engine: interpreter.ts dispatches each command to its family (kv, member, endpoint, move-leader); see README.md.
export { Etcdctl, EN_MESSAGES, CLIENT_MAX_SEND, MAX_REQUEST_BYTES, putRequestSize, etcdError, type RunResult, type OutLine, type Messages } from './interpreter';
export { stepUntil, Naming, type ClusterAccess, type EtcdctlSim, type Endpoint } from './cluster-view';
export { complete, type Completion } from './complete';
export { parseLine, tokenize } from './shell';
