// Hostile stored progress and progress files: whatever sits under the key, the store never throws, never
// loses a good entry, never lets text from storage rewrite a message, and the notices read well in both
// languages (issue 15, cases 4 to 6 and 8; the cases that already held are pinned too).
import { beforeEach, describe, expect, it } from 'vitest';
import fr from '../../../src/i18n/fr.json';
import en from '../../../src/i18n/en.json';
import { noticeText, type NoticeKind } from '../../../src/progress/notice';
import {
  BACKUP_KEY,
  PROGRESS_KEY,
  __resetForTests,
  getNotice,
  importProgress,
  isExerciseDone,
  loadProgress,
  markExerciseDone,
} from '../../../src/progress/store';
import { FakeStorage } from '../../helpers/fake-storage';

let fake: FakeStorage;
beforeEach(() => {
  fake = new FakeStorage();
  __resetForTests(fake);
});

const INJECTIONS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '\u202egnp.exe', '{{count}}', '__proto__', 'constructor', "'; DROP TABLE--"];
const GOOD = { doneAt: '2026-01-02T10:00:00.000Z' };

describe('stored progress that a hostile page or a bug could leave', () => {
  it.each([
    ['garbage', '\u0000\u202e{{{', 'reset-corrupt'],
    ['a huge string', JSON.stringify('x'.repeat(2_000_000)), 'reset-corrupt'],
    ['deep nesting', '['.repeat(5000) + ']'.repeat(5000), 'reset-corrupt'],
    ['a string version', '{"version":"2","exercises":{}}', 'reset-corrupt'],
    ['NaN-like version', '{"version":null}', 'reset-corrupt'],
    ['an older version', '{"version":0}', 'reset-old'],
    ['no version', '{"exercises":{"a":{"doneAt":"x"}}}', 'reset-old'],
  ])('%s: reset with a notice and a backup, never a throw', (_n, raw, kind) => {
    fake.data.set(PROGRESS_KEY, raw);
    expect(() => loadProgress()).not.toThrow();
    expect(getNotice()?.kind).toBe(kind);
    expect(fake.data.get(BACKUP_KEY)).toBe(raw.slice(0, 1_000_000));
  });

  it('injection strings as ids are data: kept when valid, never executed, never polluting prototypes', () => {
    // Written as text, as storage holds it: "__proto__" is then an own key of the parsed object.
    const ids = INJECTIONS.filter((id) => id !== '__proto__');
    const exercises = '{' + INJECTIONS.map((id) => `${JSON.stringify(id)}:${JSON.stringify(GOOD)}`).join(',') + '}';
    fake.data.set(PROGRESS_KEY, `{"version":1,"exercises":${exercises},"quiz":{"__proto__":{"polluted":{"choice":0,"correct":true}}}}`);
    expect(() => loadProgress()).not.toThrow();
    for (const id of ids) expect(isExerciseDone(id)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).doneAt).toBeUndefined();
    markExerciseDone('after');
    expect(isExerciseDone('after')).toBe(true);
  });

  it('a mix of good and bad entries keeps the good ones (case 6), whatever the bad ones hold', () => {
    fake.data.set(PROGRESS_KEY, JSON.stringify({ version: 1, exercises: { ok: GOOD, bad: { doneAt: { $gt: '' } }, worse: null, '\u202e': 'x'.repeat(100) }, quiz: [] }));
    expect(Object.keys(loadProgress().exercises)).toEqual(['ok']);
    expect(getNotice()).toEqual({ kind: 'dropped', count: 4 });
  });

  it('blocked storage (SecurityError on every access): memory only, with a notice', () => {
    fake.blocked = true;
    expect(() => markExerciseDone('a')).not.toThrow();
    expect(isExerciseDone('a')).toBe(true);
    expect(getNotice()).toEqual({ kind: 'memory-only' });
  });

  it('full storage (case 4): what is stored is read', () => {
    fake.data.set(PROGRESS_KEY, JSON.stringify({ version: 1, exercises: { a: GOOD, b: GOOD }, quiz: {} }));
    fake.full = true;
    expect(Object.keys(loadProgress().exercises)).toEqual(['a', 'b']);
    expect(getNotice()).toEqual({ kind: 'read-only' });
  });

  it('a newer version (case 5) is never overwritten', () => {
    const raw = JSON.stringify({ version: 7, exercises: { a: GOOD }, quiz: {}, future: true });
    fake.data.set(PROGRESS_KEY, raw);
    markExerciseDone('b');
    expect(fake.data.get(PROGRESS_KEY)).toBe(raw);
    expect(getNotice()).toEqual({ kind: 'newer-version' });
  });
});

describe('progress files: the error names the field without letting it rewrite the message', () => {
  it('a field name with a bidi override or markup is shown plain', () => {
    const r = importProgress(JSON.stringify({ version: 1, exercises: { '\u202e<img src=x>\u0007': { doneAt: 5 } }, quiz: {} }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('invalid');
    expect(r.detail).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000-\u001f]/);
    expect(r.detail).toContain('<img src=x>'); // shown as text by the page (Svelte escapes it), not removed
  });

  it('a version that is not a number is quoted, shortened and plain', () => {
    const r = importProgress(JSON.stringify({ version: '\u202e' + 'v'.repeat(500), exercises: {}, quiz: {} }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBe('wrong-version');
      expect(r.detail!.length).toBeLessThanOrEqual(80);
      expect(r.detail).not.toContain('\u202e');
    }
  });
});

describe('notices and import errors read well in both languages (case 8)', () => {
  const kinds: NoticeKind[] = ['reset-corrupt', 'reset-old', 'memory-only', 'read-only', 'newer-version', 'dropped'];
  const strings = (all: Record<string, string>) => Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('progress.')));

  it.each(kinds)('%s has a notice in French and English, with its count filled in', (kind) => {
    for (const s of [strings(fr), strings(en)]) {
      const text = noticeText({ kind, count: 3 }, s);
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/\{\{/);
      if (kind === 'dropped') expect(text).toContain('3');
    }
  });

  it('the store’s import errors all have a message; an unknown version is « inconnue » (feminine) or not said', () => {
    for (const e of ['empty', 'too-large', 'not-json', 'wrong-version', 'newer-version', 'no-version', 'invalid']) {
      expect((fr as Record<string, string>)[`progress.error.${e}`], e).toBeTruthy();
      expect((en as Record<string, string>)[`progress.error.${e}`], e).toBeTruthy();
    }
    expect(importProgress('{"exercises":{}}')).toEqual({ ok: false, error: 'no-version' });
    expect(Object.values(fr).join('\n')).not.toMatch(/version inconnu\b/);
  });
});
