// The quiz's adapter to the progress store: answers go in under the quiz id and "q1", "q2"…, come back
// mapped onto the questions, and "start again" forgets them.
import { beforeEach, describe, expect, it } from 'vitest';
import { __resetForTests, loadProgress, PROGRESS_KEY } from '../../../src/progress/store';
import { forgetQuiz, loadAnswers, saveAnswer } from '../../../src/widgets/quiz/persist';
import { restoreAnswers, type QuizQuestion } from '../../../src/widgets/quiz/logic';

function fakeStorage() {
  const m = new Map<string, string>();
  return {
    map: m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

const questions: QuizQuestion[] = [
  { q: 'a', choices: ['x', 'y'], answer: 1, explain: ['no', 'yes'] },
  { q: 'b', choices: ['x', 'y', 'z'], answer: 0, explain: ['yes', 'no', 'no'] },
];

describe('quiz persistence through the progress store', () => {
  let storage: ReturnType<typeof fakeStorage>;
  beforeEach(() => {
    storage = fakeStorage();
    __resetForTests(storage);
  });

  it('saves an answer under the quiz id and question id, in localStorage', async () => {
    expect(await saveAnswer('03-quorum', 'q2', 2, false)).toBe(true);
    expect(loadProgress().quiz['03-quorum']).toEqual({ q2: { choice: 2, correct: false } });
    expect(storage.map.get(PROGRESS_KEY)).toContain('"03-quorum"');
  });

  it('restores saved answers onto the questions, the latest answer winning', async () => {
    await saveAnswer('03-quorum', 'q1', 0, false);
    await saveAnswer('03-quorum', 'q1', 1, true);
    await saveAnswer('03-quorum', 'q2', 2, false);
    expect(restoreAnswers(questions, await loadAnswers('03-quorum'))).toEqual([1, 2]);
    expect(restoreAnswers(questions, await loadAnswers('04-raft'))).toEqual([undefined, undefined]);
  });

  it('forgets one quiz when the learner starts again, and only that quiz', async () => {
    await saveAnswer('03-quorum', 'q1', 1, true);
    await saveAnswer('04-raft', 'q1', 0, false);
    await forgetQuiz('03-quorum');
    expect(await loadAnswers('03-quorum')).toBeUndefined();
    expect(await loadAnswers('04-raft')).toEqual({ q1: { choice: 0, correct: false } });
  });

  it('keeps working in memory when storage is unavailable', async () => {
    __resetForTests(null);
    expect(await saveAnswer('01-etcd', 'q1', 1, true)).toBe(true);
    expect(restoreAnswers(questions, await loadAnswers('01-etcd'))).toEqual([1, undefined]);
  });
});
