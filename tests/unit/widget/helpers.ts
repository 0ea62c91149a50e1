// Shared by the widget's unit tests.
import type { Scenario } from '../../../src/raft';

export function scenario(members = ['n1', 'n2', 'n3'], seed = 1): Scenario {
  return {
    seed, members, learners: [],
    timing: { heartbeatMs: 100, electionTimeoutMs: 1000, latencyMs: [2, 10], requestTimeoutMs: 5000 },
    features: { preVote: true, checkQuorum: true }, network: { dropRate: 0, duplicateRate: 0 },
    until: 60_000, events: [],
  };
}
