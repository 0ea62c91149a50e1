import { describe, expect, it } from 'vitest';
import { committedIndex, quorumSize, toleratedFailures, voteResult } from '../../../src/raft/index';
import { quorumMatch } from '../../../src/raft/quorum';

describe('quorum rule (leaf module)', () => {
  it('floor(n/2)+1, and the failures tolerated: an even size buys nothing', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([1, 2, 3, 4, 5, 6, 7].map(toleratedFailures)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('vote results are pending, lost or won', () => {
    const v = ['a', 'b', 'c', 'd'];
    expect(voteResult(v, new Map([['a', true], ['b', true]]))).toBe('pending');
    expect(voteResult(v, new Map([['a', true], ['b', true], ['c', true]]))).toBe('won');
    expect(voteResult(v, new Map([['a', true], ['b', false], ['c', false]]))).toBe('lost');
  });

  it('the commit point is the highest index held by a quorum', () => {
    expect(committedIndex(['a', 'b', 'c'], new Map([['a', 9], ['b', 4], ['c', 7]]))).toBe(7);
    expect(quorumMatch([9, 4, 7])).toBe(7);
    expect(quorumMatch([9, 4, 7, 8])).toBe(7);
    expect(quorumMatch([1, 2, 3, 4, 5])).toBe(3);
  });
});
