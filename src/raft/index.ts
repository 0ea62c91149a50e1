// The engine's public API (see docs/ARCHITECTURE.md). Pure TypeScript: no DOM, timers, Date,
// Math.random or I/O, and no import from outside src/raft/.
export * from './types';
export { quorumSize, toleratedFailures, voteResult, committedIndex, type VoteResult } from './quorum';
export { Simulation, type SimOptions, type SimState } from './cluster';
export { Timeline, type TimelineOptions } from './timeline';
export { toJsonl } from './trace';
export { messageView, connected } from './network';
