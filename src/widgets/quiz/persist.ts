// The quiz's only door to the learner's progress store (src/progress/store.ts, owned by the exercises work).
// The store is imported lazily, on the first answer or restore, so a page's first paint never waits for it;
// if it fails to load the quiz still works, without persistence. Nothing here ever throws into the UI.

type StoreModule = typeof import('../../progress/store');

let storePromise: Promise<StoreModule | null> | null = null;

/** The store, loaded on first use (a separate chunk shared with the other islands that use it). */
function store(): Promise<StoreModule | null> {
  storePromise ??= import('../../progress/store').catch(() => null);
  return storePromise;
}

/** Save one answer; resolves to false when there is no store (answers then live only in the page). */
export async function saveAnswer(quizId: string, questionId: string, choice: number, correct: boolean): Promise<boolean> {
  try {
    const s = await store();
    if (!s) return false;
    s.recordQuizAnswer(quizId, questionId, choice, correct);
    return true;
  } catch {
    return false;
  }
}

/** The answers stored for one quiz (question id → record), or undefined. */
export async function loadAnswers(quizId: string): Promise<unknown> {
  try {
    const s = await store();
    return s?.loadProgress().quiz[quizId];
  } catch {
    return undefined;
  }
}

/** Forget a quiz's answers when the learner starts again. */
export async function forgetQuiz(quizId: string): Promise<void> {
  try {
    (await store())?.resetQuiz(quizId);
  } catch {
    /* nothing to forget */
  }
}
