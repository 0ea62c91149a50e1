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
  resetQuiz,
  subscribe,
  type Progress,
} from '../../../src/progress/store';
import { FakeStorage } from '../../helpers/fake-storage';


let fake: FakeStorage;
beforeEach(() => {
  fake = new FakeStorage();
  __resetForTests(fake);
});

function stored(): Progress {
  return JSON.parse(fake.data.get(PROGRESS_KEY)!);
}

describe('progress store', () => {
  it('starts empty and without a notice', () => {
    expect(loadProgress()).toEqual({ version: 1, exercises: {}, quiz: {} });
    expect(getNotice()).toBeNull();
  });

  it('saves a done exercise under the versioned key, keeping the first date', () => {
    markExerciseDone('lose-quorum', new Date('2026-01-02T03:04:05Z'));
    markExerciseDone('lose-quorum', new Date('2027-01-01T00:00:00Z'));
    expect(stored()).toEqual({ version: 1, exercises: { 'lose-quorum': { doneAt: '2026-01-02T03:04:05.000Z' } }, quiz: {} });
    expect(isExerciseDone('lose-quorum')).toBe(true);
    expect(isExerciseDone('ha-one-crash')).toBe(false);
  });

  it('reloads what was saved', () => {
    markExerciseDone('ha-one-crash');
    recordQuizAnswer('03-quorum', 'q1', 2, false);
    recordQuizAnswer('03-quorum', 'q1', 1, true);
    __resetForTests(fake); // a new page load on the same storage
    const p = loadProgress();
    expect(Object.keys(p.exercises)).toEqual(['ha-one-crash']);
    expect(p.quiz['03-quorum']).toEqual({ q1: { choice: 1, correct: true } });
  });

  it('keeps answers saved before lessons 08 and 09 were renumbered with their lesson', () => {
    const old = {
      version: 1,
      exercises: {},
      quiz: { '08-conclusion': { q1: { choice: 0, correct: true } }, '09-aller-plus-loin': { q2: { choice: 1, correct: false } } },
    };
    fake.data.set(PROGRESS_KEY, JSON.stringify(old));
    __resetForTests(fake);
    expect(loadProgress().quiz).toEqual({
      '09-conclusion': { q1: { choice: 0, correct: true } },
      '10-aller-plus-loin': { q2: { choice: 1, correct: false } },
    });
    __resetForTests(new FakeStorage());
    expect(importProgress(JSON.stringify(old))).toEqual({ ok: true });
    expect(Object.keys(loadProgress().quiz).sort()).toEqual(['09-conclusion', '10-aller-plus-loin']);
  });

  it('ignores malformed ids and answers instead of throwing', () => {
    markExerciseDone('');
    recordQuizAnswer('q', 'x', -1, true);
    recordQuizAnswer('q', 'x', 1.5, true);
    expect(loadProgress()).toEqual({ version: 1, exercises: {}, quiz: {} });
  });

  it.each([
    ['not JSON', '{{{garbage', 'reset-corrupt'],
    ['JSON but not an object', '[1,2,3]', 'reset-corrupt'],
    ['null', 'null', 'reset-corrupt'],
    ['right version, wrong shape', '{"version":1,"exercises":{"a":{"doneAt":5}},"quiz":{}}', 'reset-corrupt'],
    ['a string version', '{"version":"1","exercises":{},"quiz":{}}', 'reset-corrupt'],
    ['an unversioned old format', '{"done":["lose-quorum"]}', 'reset-old'],
    ['an older version', '{"version":0,"exercises":{}}', 'reset-old'],
  ])('resets %s with a notice, keeps a backup, and works afterwards', (_name, raw, kind) => {
    fake.data.set(PROGRESS_KEY, raw);
    expect(loadProgress()).toEqual({ version: 1, exercises: {}, quiz: {} });
    expect(getNotice()).toEqual({ kind });
    expect(fake.data.get(BACKUP_KEY)).toBe(raw);
    expect(stored()).toEqual({ version: 1, exercises: {}, quiz: {} });
    markExerciseDone('lose-quorum');
    expect(isExerciseDone('lose-quorum')).toBe(true);
    dismissNotice();
    expect(getNotice()).toBeNull();
  });

  it('falls back to memory when there is no storage at all', () => {
    __resetForTests(null);
    markExerciseDone('lose-quorum');
    expect(isExerciseDone('lose-quorum')).toBe(true);
    expect(getNotice()).toEqual({ kind: 'memory-only' });
    dismissNotice();
    expect(getNotice()).toEqual({ kind: 'memory-only' }); // still true, so it stays
  });

  it('falls back to memory when reading throws', () => {
    fake.blocked = true;
    expect(() => loadProgress()).not.toThrow();
    expect(getNotice()).toEqual({ kind: 'memory-only' });
    markExerciseDone('x');
    expect(isExerciseDone('x')).toBe(true);
  });

  it('falls back to memory when the storage is full, keeping the progress', () => {
    markExerciseDone('a');
    fake.full = true;
    expect(() => markExerciseDone('b')).not.toThrow();
    expect(getNotice()).toEqual({ kind: 'read-only' });
    expect(Object.keys(loadProgress().exercises).sort()).toEqual(['a', 'b']);
  });

  it('tells subscribers now and after each change, until they unsubscribe', () => {
    const seen: string[][] = [];
    const off = subscribe((p) => seen.push(Object.keys(p.exercises)));
    markExerciseDone('a');
    off();
    markExerciseDone('b');
    expect(seen).toEqual([[], ['a']]);
  });

  it('hands out copies: mutating a result does not change the store', () => {
    const p = loadProgress();
    p.exercises.hacked = { doneAt: 'x' };
    expect(isExerciseDone('hacked')).toBe(false);
  });

  it('resets everything', () => {
    markExerciseDone('a');
    recordQuizAnswer('q', '1', 0, true);
    resetProgress();
    expect(loadProgress()).toEqual({ version: 1, exercises: {}, quiz: {} });
    expect(stored()).toEqual({ version: 1, exercises: {}, quiz: {} });
  });

  it('forgets one quiz and keeps the rest', () => {
    recordQuizAnswer('q1', 'a', 0, true);
    recordQuizAnswer('q2', 'a', 1, false);
    markExerciseDone('x');
    resetQuiz('q1');
    const p = loadProgress();
    expect(Object.keys(p.quiz)).toEqual(['q2']);
    expect(Object.keys(p.exercises)).toEqual(['x']);
  });

  it('exports, then imports on another machine', () => {
    markExerciseDone('lose-quorum', new Date('2026-01-01T00:00:00Z'));
    recordQuizAnswer('03-quorum', 'q2', 0, true);
    const file = exportProgress();
    __resetForTests(new FakeStorage());
    markExerciseDone('ha-one-crash');
    expect(importProgress(file)).toEqual({ ok: true });
    const p = loadProgress();
    expect(Object.keys(p.exercises).sort()).toEqual(['ha-one-crash', 'lose-quorum']);
    expect(p.exercises['lose-quorum'].doneAt).toBe('2026-01-01T00:00:00.000Z');
    expect(p.quiz['03-quorum'].q2).toEqual({ choice: 0, correct: true });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['not json', 'not-json'],
    ['[]', 'invalid'],
    ['{"version":2,"exercises":{},"quiz":{}}', 'newer-version'],
    ['{"version":0,"exercises":{},"quiz":{}}', 'wrong-version'],
    ['{"exercises":{}}', 'no-version'],
    ['{"version":1,"exercises":{"a":{}},"quiz":{}}', 'invalid'],
    ['x'.repeat(1_000_001), 'too-large'],
  ])('refuses a bad import %#, changing nothing', (text, error) => {
    markExerciseDone('kept');
    const r = importProgress(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(error);
    expect(Object.keys(loadProgress().exercises)).toEqual(['kept']);
  });

  it('names the offending field of an invalid import', () => {
    const r = importProgress('{"version":1,"exercises":{"a":{}},"quiz":{}}');
    expect(r).toEqual({ ok: false, error: 'invalid', detail: 'exercises.a.doneAt' });
  });
});

describe('progress store without a browser', () => {
  it('imports and runs with no window and no localStorage (SSR)', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    __resetForTests(undefined);
    expect(loadProgress()).toEqual({ version: 1, exercises: {}, quiz: {} });
    expect(getNotice()).toBeNull();
  });
});
