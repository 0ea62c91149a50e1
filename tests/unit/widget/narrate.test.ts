// One sentence per engine event (STYLE.md example 6), in French and in English, with the why.
import { describe, expect, it } from 'vitest';
import { Narrator } from '../../../src/widgets/cluster/narrate';
import { groupsFromZones, zonesFromGroups, ringPositions, progress, timerLeft, linked } from '../../../src/widgets/cluster/layout';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';

describe('Narrator', () => {
  it('explains an election started by a timeout, and announces the new leader', () => {
    const n = new Narrator(fr as Record<string, string>);
    n.sync([['n1', 'follower'], ['n2', 'follower'], ['n3', 'follower']]);
    expect(n.feed({ type: 'timeout', t: 10, node: 'n3', term: 3, kind: 'election' })).toBeNull();
    expect(n.feed({ type: 'role', t: 10, node: 'n3', role: 'candidate', term: 4 })?.text).toBe(
      'n3 ne reçoit plus de battements de cœur\u00a0: il se présente au mandat 4',
    );
    const l = n.feed({ type: 'role', t: 12, node: 'n2', role: 'leader', term: 5 });
    expect(l?.announce).toBe('Nouveau leader\u00a0: n2, mandat 5');
    expect(l?.kind).toBe('leader');
  });

  it('says why a vote is refused and why a leader steps down (English)', () => {
    const n = new Narrator(en as Record<string, string>);
    n.sync([['n1', 'leader']]);
    expect(n.feed({ type: 'vote', t: 1, from: 'n1', to: 'n2', term: 3, granted: false, prevote: false, reason: 'log-behind' })?.text).toBe(
      "n1 refuses its vote to n2 in term 3: the candidate's log is behind",
    );
    n.feed({ type: 'stepdown', t: 2, node: 'n1', term: 3, reason: 'check-quorum' });
    expect(n.feed({ type: 'role', t: 2, node: 'n1', role: 'follower', term: 3 })?.text).toMatch(/cannot reach a majority.*CheckQuorum/);
  });

  it('tells the fate of client requests and ignores message-level noise', () => {
    const n = new Narrator(fr as Record<string, string>);
    expect(n.feed({ type: 'invoke', t: 1, op: 7, f: 'put', key: 'k', value: 'v' })?.text).toBe('Client\u00a0: put \u2068k\u2069=\u2068v\u2069');
    expect(n.feed({ type: 'info', t: 9, op: 7, error: 'context deadline exceeded' })?.text).toBe('put \u2068k\u2069=\u2068v\u2069\u00a0: pas de réponse à temps, issue inconnue');
    expect(n.feed({ type: 'send', t: 1 })).toBeNull();
    expect(n.feed({ type: 'commit', t: 1, node: 'n2', index: 3, term: 1 })).toBeNull(); // n2 is not the leader
  });

  it('every sentence key exists in both locales', () => {
    for (const k of Object.keys(fr)) if (k.startsWith('widget.')) expect(en).toHaveProperty([k]);
  });
});

describe('layout helpers', () => {
  it('places nodes on a ring, first at the top', () => {
    const p = ringPositions(4, 100, 100, 50);
    expect(p[0]).toEqual({ x: 100, y: 50 });
    expect(p[2]).toEqual({ x: 100, y: 150 });
  });
  it('interpolates messages and timers within bounds', () => {
    expect(progress(10, 20, 15)).toBe(0.5);
    expect(progress(10, 20, 30)).toBe(1);
    expect(timerLeft(2000, 1000, 1500)).toBe(0.5);
    expect(timerLeft(null, 1000, 1500)).toBe(0);
  });
  it('maps zones to partition groups and back; one zone means a whole network', () => {
    const ids = ['n1', 'n2', 'n3', 'n4'];
    expect(groupsFromZones(ids, { n1: 'A', n2: 'A', n3: 'B', n4: 'B' })).toEqual([['n1', 'n2'], ['n3', 'n4']]);
    expect(groupsFromZones(ids, { n1: 'B', n2: 'B', n3: 'B', n4: 'B' })).toBeUndefined();
    expect(zonesFromGroups(ids, [['n1', 'n2'], ['n3']])).toEqual({ n1: 'A', n2: 'A', n3: 'B', n4: 'C' });
    expect(linked([['n1', 'n2'], ['n3']], 'n1', 'n3')).toBe(false);
    expect(linked(undefined, 'n1', 'n3')).toBe(true);
  });
});
