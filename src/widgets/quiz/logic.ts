// Pure quiz logic, shared by the island (src/widgets/quiz/Quiz.svelte), Quiz.astro and the unit tests.
// No DOM, no Svelte, no i18next: strings arrive already translated and are filled with src/i18n/format.ts.
import { tr, type Strings } from '../../i18n/format';

/** One question as authors write it in MDX: `explain` holds one explanation per choice. */
export interface QuizQuestion {
  q: string;
  choices: string[];
  /** Index of the right choice in `choices`. */
  answer: number;
  /** One explanation per choice, shown when that choice is picked (right or wrong). */
  explain: string[];
}

/** The UI strings the island needs (all `quiz.` keys, resolved at build time; `{{name}}` placeholders). */
export type QuizStrings = Strings;

/** Stable id of a question inside its quiz, used as the progress store key: "q1", "q2", … */
export function questionId(index: number): string {
  return `q${index + 1}`;
}

export interface ValidatedQuiz {
  questions: QuizQuestion[];
  /** One readable message per rejected question (English, for authors; logged at build time). */
  errors: string[];
}

/**
 * Check what authors wrote. Bad questions are dropped with a message naming the quiz, the question and the
 * field; good ones are kept, so a typo in one question never takes the whole quiz (or the build) down.
 */
export function validateQuiz(quizId: unknown, questions: unknown): ValidatedQuiz {
  const errors: string[] = [];
  const name = typeof quizId === 'string' && quizId ? quizId : '(no id)';
  if (typeof quizId !== 'string' || !quizId) errors.push(`quiz ${name}: the "id" prop must be a non-empty string`);
  if (!Array.isArray(questions)) {
    errors.push(`quiz ${name}: "questions" must be an array, got ${questions === null ? 'null' : typeof questions}`);
    return { questions: [], errors };
  }
  const ok: QuizQuestion[] = [];
  questions.forEach((raw, i) => {
    const where = `quiz ${name}, question ${i + 1}`;
    if (!raw || typeof raw !== 'object') {
      errors.push(`${where}: must be an object { q, choices, answer, explain }`);
      return;
    }
    const x = raw as Record<string, unknown>;
    if (typeof x.q !== 'string' || !x.q.trim()) return void errors.push(`${where}: "q" must be a non-empty string`);
    if (!Array.isArray(x.choices) || x.choices.length < 2 || !x.choices.every((c) => typeof c === 'string' && c.trim()))
      return void errors.push(`${where}: "choices" must hold at least two non-empty strings`);
    if (!Number.isInteger(x.answer) || (x.answer as number) < 0 || (x.answer as number) >= x.choices.length)
      return void errors.push(`${where}: "answer" must be the index of a choice (0 to ${x.choices.length - 1}), got ${JSON.stringify(x.answer)}`);
    if (!Array.isArray(x.explain) || x.explain.length !== x.choices.length || !x.explain.every((e) => typeof e === 'string' && e.trim()))
      return void errors.push(`${where}: "explain" must hold one non-empty explanation per choice (${x.choices.length})`);
    ok.push({ q: x.q, choices: x.choices as string[], answer: x.answer as number, explain: x.explain as string[] });
  });
  return { questions: ok, errors };
}

export interface Feedback {
  correct: boolean;
  /** "Bonne réponse" / "Mauvaise réponse", stated in words (never colour alone). */
  verdict: string;
  /** The explanation of the chosen answer. */
  explanation: string;
  /** What the polite live region says. */
  announcement: string;
}

/** Feedback for choosing `choice` in question `index`; null for an out-of-range choice. */
export function feedbackFor(question: QuizQuestion, index: number, choice: number, strings: QuizStrings, lang = 'fr'): Feedback | null {
  if (!Number.isInteger(choice) || choice < 0 || choice >= question.choices.length) return null;
  const correct = choice === question.answer;
  const verdict = tr(strings, correct ? 'quiz.correct' : 'quiz.incorrect', undefined, lang);
  const explanation = question.explain[choice] ?? '';
  const announcement = tr(strings, 'quiz.announce', { n: index + 1, verdict, explanation }, lang);
  return { correct, verdict, explanation, announcement };
}

/** Answers so far: question index → chosen choice index (undefined = not answered). */
export type Answers = (number | undefined)[];

export interface Score {
  correct: number;
  answered: number;
  total: number;
}

export function score(questions: QuizQuestion[], answers: Answers): Score {
  let correct = 0;
  let answered = 0;
  questions.forEach((q, i) => {
    const a = answers[i];
    if (a === undefined) return;
    answered++;
    if (a === q.answer) correct++;
  });
  return { correct, answered, total: questions.length };
}

/**
 * Answers recorded earlier for this quiz, as stored by the progress store, mapped back onto the questions.
 * Accepts the store's record shapes defensively: { [questionId]: { choice } } or { [questionId]: number }.
 * Stale entries (a choice that no longer exists after the quiz was edited) are ignored.
 */
export function restoreAnswers(questions: QuizQuestion[], stored: unknown): Answers {
  const out: Answers = questions.map(() => undefined);
  if (!stored || typeof stored !== 'object') return out;
  const rec = stored as Record<string, unknown>;
  questions.forEach((q, i) => {
    const v = rec[questionId(i)];
    const choice = typeof v === 'number' ? v : v && typeof v === 'object' ? (v as { choice?: unknown }).choice : undefined;
    if (typeof choice === 'number' && Number.isInteger(choice) && choice >= 0 && choice < q.choices.length) out[i] = choice;
  });
  return out;
}
