// The quorum rule, a leaf module (cf. etcd-io/raft quorum/majority.go): it imports nothing.
// Lessons compute their tables with these functions, so a fact is never typed twice.

/** Votes needed among `voters`: a strict majority, floor(n/2) + 1 (not "n/2 rounded up": 4 voters need 3). */
export function quorumSize(voters: number): number {
  if (!Number.isInteger(voters) || voters < 0) throw new RangeError(`voters must be a non-negative integer, got ${voters}`);
  return Math.floor(voters / 2) + 1;
}

/** Voter failures the cluster survives and still commits writes. */
export function toleratedFailures(voters: number): number {
  return voters === 0 ? 0 : voters - quorumSize(voters);
}

export type VoteResult = 'pending' | 'lost' | 'won';

/** Outcome of a vote among `voters` given the answers so far (true = granted, false = rejected). */
export function voteResult(voters: readonly string[], votes: ReadonlyMap<string, boolean>): VoteResult {
  if (voters.length === 0) return 'won'; // a cluster with no voters: by convention, like etcd-io/raft
  const q = quorumSize(voters.length);
  let yes = 0;
  let missing = 0;
  for (const v of voters) {
    const got = votes.get(v);
    if (got === true) yes++;
    else if (got === undefined) missing++;
  }
  if (yes >= q) return 'won';
  if (yes + missing >= q) return 'pending';
  return 'lost';
}

/** Highest index acknowledged by a quorum of voters (the commit point), given each voter's match index. */
export function committedIndex(voters: readonly string[], match: ReadonlyMap<string, number>): number {
  if (voters.length === 0) return Number.MAX_SAFE_INTEGER;
  const idx = voters.map((v) => match.get(v) ?? 0).sort((a, b) => b - a);
  return idx[quorumSize(voters.length) - 1];
}

/** Same as committedIndex, on a plain array of match indexes (hot path: sorts the array in place). */
export function quorumMatch(matches: number[]): number {
  const n = matches.length;
  if (n === 0) return Number.MAX_SAFE_INTEGER;
  // Insertion sort, descending: n <= 9, and no comparator closure on the hot path.
  for (let i = 1; i < n; i++) {
    const v = matches[i];
    let j = i - 1;
    while (j >= 0 && matches[j] < v) {
      matches[j + 1] = matches[j];
      j--;
    }
    matches[j + 1] = v;
  }
  return matches[quorumSize(n) - 1];
}
