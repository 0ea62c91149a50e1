import { describe, expect, it } from 'vitest';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';
import { formatDate } from '../../../src/widgets/exercise/format';
import { exercisesByLesson, lessonProgressText } from '../../../src/widgets/exercise/progress-map';

describe('course map progress', () => {
  it('groups the fourteen exercises by lesson, in course order', () => {
    const m = exercisesByLesson();
    expect(m.get('04-raft')).toEqual(['provoke-election', 'follower-catch-up']);
    expect(m.get('08-surete-raft')).toEqual(['prevote-off-disruption', 'checkquorum-step-down']);
    expect(m.get('07-nombre-pair')).toHaveLength(3);
    expect(m.has('01-etcd')).toBe(false);
    expect([...m.values()].flat()).toHaveLength(14);
  });

  it('says "2/3 exercices" in French and "1/1 exercise" in English, with a spoken form', () => {
    expect(lessonProgressText({ lang: 'fr', strings: fr }, 2, 3)).toEqual({ short: '2/3 exercices', long: '2 exercices réussis sur 3' });
    expect(lessonProgressText({ lang: 'fr', strings: fr }, 0, 1)).toEqual({ short: '0/1 exercice', long: '0 exercice réussi sur 1' });
    expect(lessonProgressText({ lang: 'en', strings: en }, 1, 1).short).toBe('1/1 exercise');
    expect(lessonProgressText({ lang: 'en', strings: en }, 0, 3).long).toBe('0 of 3 exercises solved');
    expect(lessonProgressText({ lang: 'fr', strings: fr }, 1, 3).long).toBe('1 exercice réussi sur 3');
  });
});

describe('format helpers', () => {
  it('writes dates for each language and survives a bad one', () => {
    expect(formatDate('2026-01-02T10:00:00.000Z', 'fr')).toBe('2 janvier 2026');
    expect(formatDate('2026-01-02T10:00:00.000Z', 'en')).toBe('2 January 2026');
    expect(formatDate('garbage', 'fr')).toBe('garbage');
  });
});
