// The learner's progress: exercises done and quiz answers, saved in the browser.
//
// Stored as versioned JSON under one localStorage key. The store never throws and never loses what it can read:
// - unreadable or old-format data is reset (the raw text is kept under a backup key), with a notice;
// - a few bad entries among good ones: the good ones are kept, the bad ones set aside under the backup key,
//   and a notice says how many;
// - progress saved by a newer version of the site is kept untouched (never overwritten): what this version
//   understands of it is shown, and work goes on in memory, with a notice;
// - storage that can be read but not written (full): what is stored is shown and exported; new progress
//   lives in memory, with a notice;
// - no storage at all (blocked, throwing): memory only, with a notice.
// Nothing touches `window` at import time, so the module is safe to import during server-side rendering.
// The format is checked by the few functions below, without a schema library: every page that shows progress
// loads this store, and zod would add about 12 KB (gzip) to each (issue 17).
import { isLasting, type Notice } from './notice';

export const PROGRESS_KEY = 'quorum-lab:progress';
/** Where the raw text of a store that had to be reset is kept, so a learner can still recover it by hand. */
export const BACKUP_KEY = 'quorum-lab:progress:backup';
export const PROGRESS_VERSION = 1;
/** Imports larger than this are refused (a real progress file is a few kilobytes). */
export const MAX_IMPORT_CHARS = 1_000_000;

export interface Progress {
  version: typeof PROGRESS_VERSION;
  /** Exercise id (1 to 200 characters) → when it was first solved (1 to 64 characters, an ISO date). */
  exercises: Record<string, { doneAt: string }>;
  /** Quiz id → question id (1 to 200 characters each) → the latest answer (choice 0 to 1000). */
  quiz: Record<string, Record<string, { choice: number; correct: boolean }>>;
}

const isId = (x: unknown): x is string => typeof x === 'string' && x.length >= 1 && x.length <= 200;
/** The field of an exercise entry that does not read ('' for the entry itself), or null when it reads. */
function exerciseIssue(v: unknown): string | null {
  if (!isObject(v)) return '';
  return typeof v.doneAt === 'string' && v.doneAt.length >= 1 && v.doneAt.length <= 64 ? null : 'doneAt';
}
/** The field of a quiz answer that does not read ('' for the answer itself), or null when it reads. */
function answerIssue(v: unknown): string | null {
  if (!isObject(v)) return '';
  const c = v.choice;
  if (!(typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= 1000)) return 'choice';
  return typeof v.correct === 'boolean' ? null : 'correct';
}
const at = (...path: string[]) => path.filter((p) => p !== '').join('.');

/**
 * Read a whole progress object of this version: the progress (unknown fields dropped, `__proto__` keys ignored)
 * or the path of the first entry that does not read (`exercises.a.doneAt`).
 */
function readProgress(data: Record<string, unknown>): { ok: true; progress: Progress } | { ok: false; path: string } {
  const progress = empty();
  if (data.version !== PROGRESS_VERSION) return { ok: false, path: 'version' };
  if (!isObject(data.exercises)) return { ok: false, path: 'exercises' };
  for (const [id, v] of Object.entries(data.exercises)) {
    if (!isId(id)) return { ok: false, path: at('exercises', id) };
    const issue = exerciseIssue(v);
    if (issue !== null) return { ok: false, path: at('exercises', id, issue) };
    if (id !== '__proto__') progress.exercises[id] = { doneAt: (v as { doneAt: string }).doneAt };
  }
  if (!isObject(data.quiz)) return { ok: false, path: 'quiz' };
  for (const [qid, answers] of Object.entries(data.quiz)) {
    if (!isId(qid)) return { ok: false, path: at('quiz', qid) };
    if (!isObject(answers)) return { ok: false, path: at('quiz', qid) };
    const kept: Progress['quiz'][string] = {};
    for (const [aid, a] of Object.entries(answers)) {
      if (!isId(aid)) return { ok: false, path: at('quiz', qid, aid) };
      const issue = answerIssue(a);
      if (issue !== null) return { ok: false, path: at('quiz', qid, aid, issue) };
      if (aid !== '__proto__') kept[aid] = { choice: (a as { choice: number }).choice, correct: (a as { correct: boolean }).correct };
    }
    if (qid !== '__proto__') progress.quiz[qid] = kept;
  }
  return { ok: true, progress };
}
export { isLasting, LASTING_NOTICES, type Notice, type NoticeKind } from './notice';
export type ImportError = 'empty' | 'too-large' | 'not-json' | 'wrong-version' | 'newer-version' | 'no-version' | 'invalid';
export type ImportResult = { ok: true } | { ok: false; error: ImportError; detail?: string };
export type Listener = (progress: Progress, notice: Notice | null) => void;

/** The subset of the Web Storage API the store uses (tests pass a fake). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Quiz ids (lesson slugs) that were renamed when a lesson was inserted after lesson 07; applied, in this order,
 * to stored progress and to imported files so that earlier answers stay with their lesson. The old ids are never
 * used again, so the migration is unambiguous and idempotent.
 */
export const RENAMED_QUIZ_IDS: readonly (readonly [string, string])[] = [
  ['09-aller-plus-loin', '10-aller-plus-loin'],
  ['08-conclusion', '09-conclusion'],
];

/** Move the answers saved under a renamed quiz id to its new id (answers already under the new id win). */
export function migrateQuizIds(p: Progress): Progress {
  for (const [from, to] of RENAMED_QUIZ_IDS) {
    if (!Object.hasOwn(p.quiz, from)) continue;
    p.quiz[to] = { ...p.quiz[from], ...(p.quiz[to] ?? {}) };
    delete p.quiz[from];
  }
  return p;
}

function empty(): Progress {
  return { version: PROGRESS_VERSION, exercises: {}, quiz: {} };
}

function clone(p: Progress): Progress {
  return JSON.parse(JSON.stringify(p)) as Progress;
}

// ---------------------------------------------------------------------------------------------------------------
// State. `storage` undefined = not resolved yet; null = nothing to read (memory only). `writable` says whether
// saving is still possible: false when storage is full, or when the stored progress is a newer version's.
let storage: StorageLike | null | undefined;
let writable = false;
let injected = false;
/** Tests: the storage to use instead of `localStorage` (probed the same way). */
let fakeStorage: StorageLike | undefined;
let state: Progress | null = null;
let notice: Notice | null = null;
const listeners = new Set<Listener>();
let storageListenerInstalled = false;

function resolveStorage(): StorageLike | null {
  if (storage !== undefined) return storage;
  let s: StorageLike | undefined;
  try {
    // Reading `localStorage` itself throws a SecurityError when the browser blocks storage.
    s = fakeStorage ?? (globalThis as { localStorage?: StorageLike }).localStorage;
  } catch {
    s = undefined;
    notice = { kind: 'memory-only' };
  }
  if (!s) {
    storage = null;
    writable = false;
    // On the server there is no window: memory only, but there is nobody to tell.
    if (notice === null && typeof window !== 'undefined') notice = { kind: 'memory-only' };
    return storage;
  }
  storage = s;
  writable = true;
  try {
    // A probe: a full storage (or Safari's old private mode) refuses writes but still reads.
    const probe = `${PROGRESS_KEY}:probe`;
    s.setItem(probe, '1');
    s.removeItem(probe);
  } catch {
    writable = false;
    notice = { kind: 'read-only' };
  }
  return storage;
}

/** What reading the stored text gave: the progress to show, and why it differs from the text, if it does. */
export interface Parsed {
  progress: Progress;
  /** The stored data had to be reset (nothing usable, or an older format). */
  reset: 'reset-corrupt' | 'reset-old' | null;
  /** The data comes from a newer version of the site: keep it, never write over it. */
  newer: boolean;
  /** Entries that could not be read, set aside (same shape as the progress, holding only the bad entries). */
  dropped: { count: number; exercises: Record<string, unknown>; quiz: Record<string, unknown> };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * Keep every entry that reads well, set the others aside. A quiz is kept with its good answers; a field that is
 * not an object at all counts as one dropped entry.
 */
function salvage(data: Record<string, unknown>): { progress: Progress; dropped: Parsed['dropped'] } {
  const progress = empty();
  const dropped: Parsed['dropped'] = { count: 0, exercises: {}, quiz: {} };
  const ex = data.exercises;
  if (isObject(ex)) {
    for (const [id, v] of Object.entries(ex)) {
      if (isId(id) && exerciseIssue(v) === null) progress.exercises[id] = { doneAt: (v as { doneAt: string }).doneAt };
      else {
        dropped.exercises[id] = v;
        dropped.count++;
      }
    }
  } else if (ex !== undefined) {
    dropped.exercises['*'] = ex;
    dropped.count++;
  }
  const quiz = data.quiz;
  if (isObject(quiz)) {
    for (const [qid, answers] of Object.entries(quiz)) {
      if (!isId(qid) || !isObject(answers)) {
        dropped.quiz[qid] = answers;
        dropped.count += isObject(answers) ? Math.max(1, Object.keys(answers).length) : 1;
        continue;
      }
      for (const [aid, a] of Object.entries(answers)) {
        const ok = isId(aid) && answerIssue(a) === null;
        if (ok) (progress.quiz[qid] ??= {})[aid] = { choice: (a as { choice: number }).choice, correct: (a as { correct: boolean }).correct };
        else {
          ((dropped.quiz[qid] ??= {}) as Record<string, unknown>)[aid] = a;
          dropped.count++;
        }
      }
    }
  } else if (quiz !== undefined) {
    dropped.quiz['*'] = quiz;
    dropped.count++;
  }
  return { progress, dropped };
}

/** Parse stored text: keep what can be read, say what could not. */
export function parseStored(raw: string | null): Parsed {
  const none = (): Parsed['dropped'] => ({ count: 0, exercises: {}, quiz: {} });
  if (raw === null) return { progress: empty(), reset: null, newer: false, dropped: none() };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: empty(), reset: 'reset-corrupt', newer: false, dropped: none() };
  }
  if (!isObject(data)) return { progress: empty(), reset: 'reset-corrupt', newer: false, dropped: none() };
  const version = data.version;
  if (typeof version === 'number' && Number.isFinite(version) && version > PROGRESS_VERSION) {
    // A newer site wrote this: show what this version understands, never write over it.
    return { progress: migrateQuizIds(salvage(data).progress), reset: null, newer: true, dropped: none() };
  }
  if (version !== PROGRESS_VERSION) {
    // An older number, or an object without a version (the format before versioning): old data.
    if (version === undefined || typeof version === 'number') return { progress: empty(), reset: 'reset-old', newer: false, dropped: none() };
    return { progress: empty(), reset: 'reset-corrupt', newer: false, dropped: none() };
  }
  const parsed = readProgress(data);
  if (parsed.ok) return { progress: migrateQuizIds(parsed.progress), reset: null, newer: false, dropped: none() };
  const { progress, dropped } = salvage(data);
  if (Object.keys(progress.exercises).length === 0 && Object.keys(progress.quiz).length === 0) {
    // Nothing good at all: as unreadable as garbage.
    return { progress, reset: 'reset-corrupt', newer: false, dropped: none() };
  }
  return { progress: migrateQuizIds(progress), reset: null, newer: false, dropped };
}

function backup(s: StorageLike, text: string): void {
  if (!writable) return;
  try {
    s.setItem(BACKUP_KEY, text.slice(0, MAX_IMPORT_CHARS));
  } catch {
    /* the backup is a courtesy */
  }
}

function ensureLoaded(): Progress {
  if (state) return state;
  const s = resolveStorage();
  if (!s) {
    state = empty();
    return state;
  }
  let raw: string | null;
  try {
    raw = s.getItem(PROGRESS_KEY);
  } catch {
    storage = null;
    writable = false;
    notice = { kind: 'memory-only' };
    state = empty();
    return state;
  }
  const parsed = parseStored(raw);
  state = parsed.progress;
  if (parsed.newer) {
    writable = false;
    notice = { kind: 'newer-version' };
  } else if (parsed.reset) {
    if (writable) notice = { kind: parsed.reset };
    if (raw !== null) backup(s, raw);
    persist();
  } else if (parsed.dropped.count > 0) {
    if (writable) notice = { kind: 'dropped', count: parsed.dropped.count };
    backup(s, JSON.stringify({ version: PROGRESS_VERSION, exercises: parsed.dropped.exercises, quiz: parsed.dropped.quiz }));
    persist();
  }
  installStorageListener();
  return state;
}

function persist(): void {
  const s = storage;
  if (!s || !state || !writable) return;
  try {
    s.setItem(PROGRESS_KEY, JSON.stringify(state));
  } catch {
    // Full since the probe: what is stored stays readable; new progress lives in memory.
    writable = false;
    notice = { kind: 'read-only' };
  }
}

function emit(): void {
  if (!state) return;
  for (const fn of [...listeners]) {
    try {
      fn(clone(state), notice);
    } catch {
      /* one failing listener must not break the others */
    }
  }
}

/** Another tab changed the progress: follow it. */
function installStorageListener(): void {
  if (storageListenerInstalled || injected || typeof window === 'undefined') return;
  storageListenerInstalled = true;
  try {
    window.addEventListener('storage', (e: StorageEvent) => {
      if (e.key !== PROGRESS_KEY || !storage) return;
      const parsed = parseStored(e.newValue);
      state = parsed.progress;
      if (parsed.newer) {
        writable = false;
        notice = { kind: 'newer-version' };
      }
      emit();
    });
  } catch {
    /* no events: each tab keeps its own view until reload */
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public API.

/** The current progress (a copy). */
export function loadProgress(): Progress {
  return clone(ensureLoaded());
}

/** Why the progress is not what was saved before, or not being saved: null when all is well. */
export function getNotice(): Notice | null {
  ensureLoaded();
  return notice;
}

/** The learner has read the notice. A lasting notice (memory only, read only, newer version) stays, since it
 *  remains true. */
export function dismissNotice(): void {
  ensureLoaded();
  if (notice && !isLasting(notice.kind)) {
    notice = null;
    emit();
  }
}

export function isExerciseDone(id: string): boolean {
  return Object.hasOwn(ensureLoaded().exercises, id);
}

/** Record an exercise as done (the first time only: the date stays the first success). */
export function markExerciseDone(id: string, at: Date = new Date()): void {
  const p = ensureLoaded();
  if (!isId(id) || Object.hasOwn(p.exercises, id)) return;
  p.exercises[id] = { doneAt: at.toISOString() };
  persist();
  emit();
}

/** Record the latest answer to one quiz question. */
export function recordQuizAnswer(quizId: string, questionId: string, choice: number, correct: boolean): void {
  const p = ensureLoaded();
  const ok = isId(quizId) && isId(questionId) && answerIssue({ choice, correct }) === null;
  if (!ok) return;
  (p.quiz[quizId] ??= {})[questionId] = { choice, correct };
  persist();
  emit();
}

/** Forget the answers to one quiz (the learner starts it again). */
export function resetQuiz(quizId: string): void {
  const p = ensureLoaded();
  if (!Object.hasOwn(p.quiz, quizId)) return;
  delete p.quiz[quizId];
  persist();
  emit();
}

/** Called with the progress (and the notice) now and after every change. Returns the unsubscribe function. */
export function subscribe(fn: Listener): () => void {
  const p = ensureLoaded();
  listeners.add(fn);
  try {
    fn(clone(p), notice);
  } catch {
    /* ignore */
  }
  return () => {
    listeners.delete(fn);
  };
}

/** Forget everything (the caller asks for confirmation first). */
export function resetProgress(): void {
  ensureLoaded();
  state = empty();
  if (notice && !isLasting(notice.kind)) notice = null;
  persist();
  emit();
}

/** The progress as a JSON document, for a file the learner takes to another machine. */
export function exportProgress(): string {
  return JSON.stringify(ensureLoaded(), null, 2) + '\n';
}

/**
 * Merge a file produced by exportProgress into the current progress: exercises done on either side stay done
 * (with the earlier date); quiz answers from the file win. Nothing changes when the file is refused.
 */
export function importProgress(text: string): ImportResult {
  const p = ensureLoaded();
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'empty' };
  if (text.length > MAX_IMPORT_CHARS) return { ok: false, error: 'too-large' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: 'not-json', detail: e instanceof Error ? e.message : undefined };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, error: 'invalid' };
  const version = (data as { version?: unknown }).version;
  if (version === undefined) return { ok: false, error: 'no-version' };
  if (typeof version === 'number' && Number.isFinite(version) && version > PROGRESS_VERSION) {
    return { ok: false, error: 'newer-version', detail: String(version) };
  }
  if (version !== PROGRESS_VERSION) return { ok: false, error: 'wrong-version', detail: plain(JSON.stringify(version) ?? '?') };
  const parsed = readProgress(data as Record<string, unknown>);
  if (!parsed.ok) return { ok: false, error: 'invalid', detail: plain(parsed.path) };
  const incoming = migrateQuizIds(parsed.progress);
  for (const [id, ex] of Object.entries(incoming.exercises)) {
    const mine = p.exercises[id];
    if (!mine || ex.doneAt < mine.doneAt) p.exercises[id] = ex;
  }
  for (const [quizId, answers] of Object.entries(incoming.quiz)) {
    p.quiz[quizId] = { ...(p.quiz[quizId] ?? {}), ...answers };
  }
  persist();
  emit();
  return { ok: true };
}

/** Text from a file shown inside a sentence: no control or bidirectional-override characters, at most 80. */
function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 80);
}

/**
 * Tests only: start over with this storage (null = no storage at all; undefined = the real localStorage,
 * resolved lazily). Drops listeners and the notice.
 */
export function __resetForTests(s?: StorageLike | null): void {
  storage = s === undefined ? undefined : s;
  writable = false;
  injected = s !== undefined;
  state = null;
  notice = null;
  listeners.clear();
  if (s === null) notice = { kind: 'memory-only' };
  else if (s !== undefined) {
    storage = undefined; // resolved (and probed) on first use, as the real one
    fakeStorage = s;
  } else fakeStorage = undefined;
}
