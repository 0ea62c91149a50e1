// The quiz's only door to the learner's progress store (src/progress/store.ts, owned by the exercises work).
// Loaded lazily through import.meta.glob: if the store module is missing, the glob is empty and the quiz
// still works, without persistence. Nothing here ever throws into the UI.

type StoreModule = {
  loadProgress?: () => unknown;
  recordQuizAnswer?: (quizId: string, questionId: string, choice: number, correct: boolean) => void;
  resetQuiz?: (quizId: string) => void;
};

const loaders = import.meta.glob<StoreModule>('../../progress/store.ts');
let storePromise: Promise<StoreModule | null> | null = null;

function store(): Promise<StoreModule | null> {
  if (!storePromise) {
    const load = Object.values(loaders)[0];
    storePromise = load ? load().catch(() => null) : Promise.resolve(null);
  }
  return storePromise;
}

/** Save one answer; resolves to false when there is no store (answers then live only in the page). */
export async function saveAnswer(quizId: string, questionId: string, choice: number, correct: boolean): Promise<boolean> {
  try {
    const s = await store();
    if (!s?.recordQuizAnswer) return false;
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
    const p = s?.loadProgress?.() as Record<string, unknown> | undefined;
    const quizzes = (p?.quizzes ?? p?.quiz) as Record<string, unknown> | undefined;
    return quizzes?.[quizId];
  } catch {
    return undefined;
  }
}

/** Forget a quiz's answers when the learner starts again (only if the store offers it). */
export async function forgetQuiz(quizId: string): Promise<void> {
  try {
    (await store())?.resetQuiz?.(quizId);
  } catch {
    /* nothing to forget */
  }
}
