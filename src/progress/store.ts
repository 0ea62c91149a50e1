// The learner's progress: exercises done and quiz answers, saved in the browser.
//
// Stored as versioned JSON under one localStorage key. The store never throws: corrupt or old-format data is
// reset (the raw text is kept under a backup key) and a notice says so; when storage is disabled, throws or is
// full, progress lives in memory for the page's lifetime and a notice says so. Nothing touches `window` at
// import time, so the module is safe to import during server-side rendering.
import { z } from 'zod';

export const PROGRESS_KEY = 'quorum-lab:progress';
/** Where the raw text of a store that had to be reset is kept, so a learner can still recover it by hand. */
export const BACKUP_KEY = 'quorum-lab:progress:backup';
export const PROGRESS_VERSION = 1;
/** Imports larger than this are refused (a real progress file is a few kilobytes). */
export const MAX_IMPORT_CHARS = 1_000_000;

const idSchema = z.string().min(1).max(200);
const exerciseSchema = z.object({ doneAt: z.string().min(1).max(64) });
const answerSchema = z.object({ choice: z.number().int().min(0).max(1000), correct: z.boolean() });
export const progressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  exercises: z.record(idSchema, exerciseSchema),
  quiz: z.record(idSchema, z.record(idSchema, answerSchema)),
});

export type Progress = z.infer<typeof progressSchema>;
export type NoticeKind = 'reset-corrupt' | 'reset-old' | 'memory-only';
export interface Notice {
  kind: NoticeKind;
}
export type ImportError = 'empty' | 'too-large' | 'not-json' | 'wrong-version' | 'invalid';
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
// State. `storage` undefined = not resolved yet; null = memory only.
let storage: StorageLike | null | undefined;
let injected = false;
let state: Progress | null = null;
let notice: Notice | null = null;
const listeners = new Set<Listener>();
let storageListenerInstalled = false;

function resolveStorage(): StorageLike | null {
  if (storage !== undefined) return storage;
  try {
    // Reading `localStorage` itself throws a SecurityError when the browser blocks storage.
    const s = (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!s) {
      storage = null;
      // On the server there is no window: memory only, but there is nobody to tell.
      if (typeof window !== 'undefined') notice = { kind: 'memory-only' };
      return storage;
    }
    // A probe: Safari's private mode used to expose a storage whose setItem always throws.
    const probe = `${PROGRESS_KEY}:probe`;
    s.setItem(probe, '1');
    s.removeItem(probe);
    storage = s;
  } catch {
    storage = null;
    notice = { kind: 'memory-only' };
  }
  return storage;
}

/** Parse stored text. Returns the progress and, when it had to be reset, why. */
export function parseStored(raw: string | null): { progress: Progress; reset: NoticeKind | null } {
  if (raw === null) return { progress: empty(), reset: null };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: empty(), reset: 'reset-corrupt' };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { progress: empty(), reset: 'reset-corrupt' };
  }
  const version = (data as { version?: unknown }).version;
  if (version !== PROGRESS_VERSION) {
    // A number that is not ours, or an object without a version (the format before versioning): old data.
    if (version === undefined || typeof version === 'number') return { progress: empty(), reset: 'reset-old' };
    return { progress: empty(), reset: 'reset-corrupt' };
  }
  const parsed = progressSchema.safeParse(data);
  if (!parsed.success) return { progress: empty(), reset: 'reset-corrupt' };
  return { progress: migrateQuizIds(parsed.data), reset: null };
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
    notice = { kind: 'memory-only' };
    state = empty();
    return state;
  }
  const { progress, reset } = parseStored(raw);
  state = progress;
  if (reset) {
    notice = { kind: reset };
    try {
      if (raw !== null) s.setItem(BACKUP_KEY, raw.slice(0, MAX_IMPORT_CHARS));
    } catch {
      /* the backup is a courtesy */
    }
    persist();
  }
  installStorageListener();
  return state;
}

function persist(): void {
  const s = storage;
  if (!s || !state) return;
  try {
    s.setItem(PROGRESS_KEY, JSON.stringify(state));
  } catch {
    // Full or blocked since the probe: keep going in memory.
    storage = null;
    notice = { kind: 'memory-only' };
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
      if (e.key !== PROGRESS_KEY || storage === null) return;
      const { progress } = parseStored(e.newValue);
      state = progress;
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

/** The learner has read the notice. A memory-only notice stays, since it remains true. */
export function dismissNotice(): void {
  ensureLoaded();
  if (notice && notice.kind !== 'memory-only') {
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
  if (!idSchema.safeParse(id).success || Object.hasOwn(p.exercises, id)) return;
  p.exercises[id] = { doneAt: at.toISOString() };
  persist();
  emit();
}

/** Record the latest answer to one quiz question. */
export function recordQuizAnswer(quizId: string, questionId: string, choice: number, correct: boolean): void {
  const p = ensureLoaded();
  const ok =
    idSchema.safeParse(quizId).success &&
    idSchema.safeParse(questionId).success &&
    answerSchema.safeParse({ choice, correct }).success;
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
  if (notice && notice.kind !== 'memory-only') notice = null;
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
  if (version !== PROGRESS_VERSION) {
    return { ok: false, error: 'wrong-version', detail: version === undefined ? undefined : String(version) };
  }
  const parsed = progressSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: 'invalid', detail: issue ? issue.path.join('.') || issue.message : undefined };
  }
  const incoming = migrateQuizIds(parsed.data);
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

/**
 * Tests only: start over with this storage (null = no storage at all; undefined = the real localStorage,
 * resolved lazily). Drops listeners and the notice.
 */
export function __resetForTests(s?: StorageLike | null): void {
  storage = s === undefined ? undefined : s;
  injected = s !== undefined;
  state = null;
  notice = null;
  listeners.clear();
  if (s === null) notice = { kind: 'memory-only' };
}
