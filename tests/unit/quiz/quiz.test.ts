import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import QuizSvelte from '../../../src/widgets/quiz/Quiz.svelte';
import { feedbackFor, questionId, restoreAnswers, score, validateQuiz, type QuizQuestion } from '../../../src/widgets/quiz/logic';
import { pickPrefix } from '../../../src/i18n';
// Server rendering resolves the island's strings through the build's resolver (src/widgets/strings.ts).
import '../../../src/components/strings';

const Quiz = QuizSvelte as unknown as Component<{ id: string; questions: QuizQuestion[]; rejected?: number; lang?: string }>;

const fr = pickPrefix('fr', 'quiz.');
const en = pickPrefix('en', 'quiz.');

const questions: QuizQuestion[] = [
  {
    q: 'Combien de voix faut-il avec 4 membres ?',
    choices: ['2', '3', '4'],
    answer: 1,
    explain: ['2 sur 4 n’est pas une majorité stricte.', 'floor(4/2)+1 = 3.', '4 exigerait tout le monde.'],
  },
  {
    q: 'Un cluster de 3 membres survit à combien de pannes ?',
    choices: ['0', '1'],
    answer: 1,
    explain: ['Il en survit à une.', '3 − 2 = 1.'],
  },
];

describe('quiz feedback', () => {
  it('a right choice says so in words and gives that choice’s explanation', () => {
    const fb = feedbackFor(questions[0], 0, 1, fr)!;
    expect(fb.correct).toBe(true);
    expect(fb.verdict).toBe('Bonne réponse');
    expect(fb.explanation).toBe('floor(4/2)+1 = 3.');
    expect(fb.announcement).toBe('Question 1\u00a0: Bonne réponse. floor(4/2)+1 = 3.');
  });

  it('a wrong choice says so and explains that wrong choice, not the right one', () => {
    const fb = feedbackFor(questions[0], 0, 2, en)!;
    expect(fb.correct).toBe(false);
    expect(fb.verdict).toBe('Incorrect');
    expect(fb.explanation).toBe('4 exigerait tout le monde.');
    expect(fb.announcement).toBe('Question 1: Incorrect. 4 exigerait tout le monde.');
  });

  it('ignores an out-of-range choice instead of crashing', () => {
    expect(feedbackFor(questions[0], 0, 7, fr)).toBeNull();
    expect(feedbackFor(questions[0], 0, -1, fr)).toBeNull();
  });

  it('scores answered and correct questions', () => {
    expect(score(questions, [])).toEqual({ correct: 0, answered: 0, total: 2 });
    expect(score(questions, [1, 0])).toEqual({ correct: 1, answered: 2, total: 2 });
    expect(score(questions, [undefined, 1])).toEqual({ correct: 1, answered: 1, total: 2 });
  });

  it('fills the translated announcement of each language (src/i18n/format.ts, {{name}} placeholders)', () => {
    for (const [locale, want] of [['fr', /^Question 2[\u00a0\u202f]: Bonne réponse/], ['en', /^Question 2: Correct/]] as const) {
      const strings = pickPrefix(locale, 'quiz.');
      const fb = feedbackFor(questions[1], 1, questions[1].answer, strings, locale)!;
      expect(fb.announcement).toMatch(want);
      expect(fb.announcement).not.toMatch(/\{/);
    }
  });
});

describe('quiz validation', () => {
  it('keeps good questions and names the field of a bad one', () => {
    const bad = [
      questions[0],
      { q: 'Sans explications', choices: ['a', 'b'], answer: 0, explain: ['seulement une'] },
      { q: 'Réponse hors limites', choices: ['a', 'b'], answer: 2, explain: ['x', 'y'] },
      'pas un objet',
    ];
    const v = validateQuiz('03-quorum', bad);
    expect(v.questions).toEqual([questions[0]]);
    expect(v.errors).toHaveLength(3);
    expect(v.errors[0]).toMatch(/03-quorum, question 2: "explain"/);
    expect(v.errors[1]).toMatch(/question 3: "answer"/);
    expect(v.errors[2]).toMatch(/question 4: must be an object/);
  });

  it('survives a missing questions array', () => {
    expect(validateQuiz('x', undefined)).toEqual({ questions: [], errors: ['quiz x: "questions" must be an array, got undefined'] });
  });
});

describe('restoring stored answers', () => {
  it('maps stored records back by question id and drops stale choices', () => {
    expect(questionId(0)).toBe('q1');
    expect(restoreAnswers(questions, { q1: { choice: 2, correct: false }, q2: 5 })).toEqual([2, undefined]);
    expect(restoreAnswers(questions, { q2: 1 })).toEqual([undefined, 1]);
    expect(restoreAnswers(questions, 'garbage')).toEqual([undefined, undefined]);
  });
});

describe('server render (what a reader without JavaScript gets)', () => {
  it('renders every question, its choices and the answers inside <details>', () => {
    const { body } = render(Quiz, { props: { id: '03-quorum', questions, lang: 'fr' } });
    expect(body).toContain('data-quiz-id="03-quorum"');
    expect(body).toContain('Combien de voix faut-il avec 4 membres ?');
    expect(body).toContain('Question 2 sur 2');
    expect(body.match(/<details/g)).toHaveLength(2);
    expect(body).toContain('Réponse\u00a0: 3');
    expect(body).toContain('floor(4/2)+1 = 3.');
    expect(body).toContain('aria-live="polite"');
    // The interactive form is drawn before hydration (its space reserved: no layout shift), but every radio
    // button and the retry button are disabled: nothing to click that would do nothing.
    const radios = body.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(5);
    for (const r of radios) expect(r).toContain('disabled');
    expect(body).toMatch(/<button[^>]*class="quiz-retry[^"]*"[^>]*disabled/);
  });

  it('renders in English with the English strings', () => {
    const { body } = render(Quiz, { props: { id: 'q', questions, lang: 'en' } });
    expect(body).toContain('Show the answer and explanations');
    expect(body).toContain('Answer: 3');
  });

  it('tells the reader when malformed questions were dropped', () => {
    const { body } = render(Quiz, { props: { id: 'q', questions: [], lang: 'fr', rejected: 2 } });
    expect(body).toContain('Questions mal formées, non affichées\u00a0: 2.');
  });
});
