// Issue 15, cases 4 to 6: full storage, progress from a newer version, one bad entry among good ones.
// Each case: what is stored is never lost, what can be read is shown, and a notice says what happened.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_KEY,
  PROGRESS_KEY,
  __resetForTests,
  dismissNotice,
  exportProgress,
  getNotice,
  importProgress,
  isExerciseDone,
  loadProgress,
  markExerciseDone,
  recordQuizAnswer,
  resetProgress,
} from '../../../src/progress/store';
import { FakeStorage } from '../../helpers/fake-storage';


let fake: FakeStorage;
beforeEach(() => {
  fake = new FakeStorage();
  __resetForTests(fake);
});

const TWO_DONE = JSON.stringify({
  version: 1,
  exercises: { 'ha-one-crash': { doneAt: '2026-01-02T10:00:00.000Z' }, 'lose-quorum': { doneAt: '2026-01-03T10:00:00.000Z' } },
  quiz: { '03-quorum': { q1: { choice: 1, correct: true } } },
});

describe('case 4: full storage still reads what is there', () => {
  it('shows and exports the stored progress when the probe write fails', () => {
    fake.data.set(PROGRESS_KEY, TWO_DONE);
    fake.full = true;
    expect(Object.keys(loadProgress().exercises).sort()).toEqual(['ha-one-crash', 'lose-quorum']);
    expect(getNotice()).toEqual({ kind: 'read-only' });
    expect(JSON.parse(exportProgress())).toEqual(JSON.parse(TWO_DONE));
  });

  it('keeps new progress in memory and never damages what is stored', () => {
    fake.data.set(PROGRESS_KEY, TWO_DONE);
    fake.full = true;
    markExerciseDone('provoke-election');
    expect(isExerciseDone('provoke-election')).toBe(true);
    expect(fake.data.get(PROGRESS_KEY)).toBe(TWO_DONE);
    dismissNotice();
    expect(getNotice()).toEqual({ kind: 'read-only' }); // still true, so it stays
  });

  it('imports into memory when storage is full', () => {
    fake.full = true;
    expect(importProgress(TWO_DONE)).toEqual({ ok: true });
    expect(isExerciseDone('lose-quorum')).toBe(true);
  });
});

describe('case 5: progress from a newer version is kept, never overwritten', () => {
  const NEWER = JSON.stringify({
    version: 2,
    exercises: { 'ha-one-crash': { doneAt: '2027-05-01T10:00:00.000Z', attempts: 3 } },
    quiz: {},
    badges: ['first'],
  });

  it('says it comes from a newer version and shows what it understands', () => {
    fake.data.set(PROGRESS_KEY, NEWER);
    expect(isExerciseDone('ha-one-crash')).toBe(true);
    expect(getNotice()).toEqual({ kind: 'newer-version' });
    expect(fake.data.get(PROGRESS_KEY)).toBe(NEWER);
  });

  it('works in memory: new progress, a reset, an import: the stored text stays', () => {
    fake.data.set(PROGRESS_KEY, NEWER);
    markExerciseDone('lose-quorum');
    recordQuizAnswer('03-quorum', 'q1', 0, false);
    expect(isExerciseDone('lose-quorum')).toBe(true);
    resetProgress();
    expect(importProgress(TWO_DONE)).toEqual({ ok: true });
    expect(fake.data.get(PROGRESS_KEY)).toBe(NEWER);
    expect(fake.data.has(BACKUP_KEY)).toBe(false);
    expect(getNotice()).toEqual({ kind: 'newer-version' });
  });

  it('an import from a newer version is refused as such, and one with no version says so', () => {
    expect(importProgress(NEWER)).toEqual({ ok: false, error: 'newer-version', detail: '2' });
    expect(importProgress('{"exercises":{}}')).toEqual({ ok: false, error: 'no-version' });
  });
});

describe('case 6: one bad entry does not discard the good ones', () => {
  it('keeps the valid entries, sets the bad ones aside and says how many', () => {
    fake.data.set(
      PROGRESS_KEY,
      JSON.stringify({
        version: 1,
        exercises: { 'ha-one-crash': { doneAt: '2026-01-02T10:00:00.000Z' }, broken: { doneAt: 5 }, '': { doneAt: 'x' } },
        quiz: { '03-quorum': { q1: { choice: 1, correct: true }, q2: { choice: -3, correct: 'yes' } }, '04-raft': 'nonsense' },
      }),
    );
    const p = loadProgress();
    expect(p.exercises).toEqual({ 'ha-one-crash': { doneAt: '2026-01-02T10:00:00.000Z' } });
    expect(p.quiz).toEqual({ '03-quorum': { q1: { choice: 1, correct: true } } });
    expect(getNotice()).toEqual({ kind: 'dropped', count: 4 });
    // The bad entries are set aside, the store is rewritten clean.
    const aside = JSON.parse(fake.data.get(BACKUP_KEY)!);
    expect(aside.exercises).toEqual({ broken: { doneAt: 5 }, '': { doneAt: 'x' } });
    expect(aside.quiz).toEqual({ '03-quorum': { q2: { choice: -3, correct: 'yes' } }, '04-raft': 'nonsense' });
    expect(JSON.parse(fake.data.get(PROGRESS_KEY)!)).toEqual(p);
    expect(p.version).toBe(1);
    dismissNotice();
    expect(getNotice()).toBeNull();
  });

  it('a store with nothing good left is reset as unreadable', () => {
    fake.data.set(PROGRESS_KEY, '{"version":1,"exercises":{"a":{"doneAt":5}},"quiz":{}}');
    expect(loadProgress()).toEqual({ version: 1, exercises: {}, quiz: {} });
    expect(getNotice()).toEqual({ kind: 'reset-corrupt' });
  });
});
