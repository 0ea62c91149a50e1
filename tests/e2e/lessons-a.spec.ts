// Lessons 01–04 in both locales, and the quiz they share with every lesson.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const lessons = [
  { slug: '01-etcd', fr: 'Qu’est-ce qu’etcd ?', en: 'What is etcd?' },
  { slug: '02-haute-disponibilite', fr: 'Pourquoi la haute disponibilité ?', en: 'Why high availability?' },
  { slug: '03-quorum', fr: 'Le quorum', en: 'Quorum' },
  { slug: '04-raft', fr: 'Raft : comment etcd se met d’accord', en: 'Raft: how etcd reaches agreement' },
] as const;

const words = {
  fr: { correct: 'Bonne réponse', incorrect: 'Mauvaise réponse', retry: 'Recommencer', score: /Bonnes réponses\s*:\s*(\d+) sur (\d+)/, show: 'Voir la réponse' },
  en: { correct: 'Correct', incorrect: 'Incorrect', retry: 'Start again', score: /Correct answers:\s*(\d+) of (\d+)/, show: 'Show the answer' },
} as const;

const url = (locale: 'fr' | 'en', slug: string) => (locale === 'fr' ? `/cours/${slug}/` : `/en/cours/${slug}/`);

/** Scroll the quiz into view (it hydrates client:visible) and wait until it is interactive. */
async function interactiveQuiz(page: Page, slug: string) {
  const quiz = page.locator(`[data-quiz-id="${slug}"]`);
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz).toHaveAttribute('data-enhanced', 'true');
  return quiz;
}

for (const { slug, ...titles } of lessons) {
  for (const locale of ['fr', 'en'] as const) {
    test(`${locale} ${slug}: renders its title, widget, recap and quiz`, async ({ page }) => {
      await page.goto(url(locale, slug));
      await expect(page.locator('h1')).toHaveText(titles[locale]);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      // at least one live cluster widget, with its caption readable
      await expect(page.locator('figure figcaption').first()).not.toBeEmpty();
      // the recap heading
      await expect(page.getByRole('heading', { name: locale === 'fr' ? 'À retenir' : 'Key takeaways' })).toBeVisible();
      // glossary links point at the glossary of the same language
      const glossary = page.locator('main a[href*="glossaire/#"]');
      expect(await glossary.count()).toBeGreaterThan(0);
      for (const href of await glossary.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        expect(href).toMatch(locale === 'fr' ? /^\/glossaire\/#[a-z-]+$/ : /^\/en\/glossaire\/#[a-z-]+$/);
      }
      // a quiz of 3 to 5 questions, each with one explanation per choice once answered
      const quiz = await interactiveQuiz(page, slug);
      const questions = quiz.locator('fieldset');
      const n = await questions.count();
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    });

    // Every choice of every question, in French; the English quizzes have the same answers (unit-checked in
    // tests/unit/quiz/lessons-a.test.ts), so English gets the rendering test above and the quiz tests below.
    if (locale === 'en') continue;
    test(`${locale} ${slug}: exactly one choice of each question is right, each choice explained`, async ({ page }) => {
      await page.goto(url(locale, slug));
      const quiz = await interactiveQuiz(page, slug);
      const w = words[locale];
      const fieldsets = quiz.locator('fieldset');
      for (let i = 0; i < (await fieldsets.count()); i++) {
        const fs = fieldsets.nth(i);
        const radios = fs.getByRole('radio');
        let right = 0;
        const explanations = new Set<string>();
        for (let j = 0; j < (await radios.count()); j++) {
          await radios.nth(j).check();
          const verdict = (await fs.locator('.quiz-verdict').textContent()) ?? '';
          if (verdict.startsWith(w.correct)) right++;
          else expect(verdict).toContain(w.incorrect);
          const explanation = ((await fs.locator('.quiz-explanation').textContent()) ?? '').trim();
          expect(explanation.length).toBeGreaterThan(10);
          explanations.add(explanation);
        }
        expect(right, `question ${i + 1}`).toBe(1);
        expect(explanations.size, `question ${i + 1}: one explanation per choice`).toBe(await radios.count());
      }
    });
  }
}

test('quiz: feedback in words and icon, announced, scored, retry clears', async ({ page }) => {
  await page.goto('/cours/03-quorum/');
  const quiz = await interactiveQuiz(page, '03-quorum');
  const first = quiz.locator('fieldset').first();
  await expect(first.locator('legend')).toContainText('4');
  // "n/2 rounded up" = 2 for 4 members: the trap the lesson teaches
  await first.getByRole('radio', { name: '2', exact: true }).check();
  await expect(first.locator('.quiz-verdict')).toHaveText('Mauvaise réponse.');
  await expect(first.locator('.quiz-icon')).toHaveText('✗');
  await expect(quiz.getByRole('status')).toContainText('Question 1 : Mauvaise réponse.');
  await expect(quiz.locator('.quiz-score')).toContainText(/Bonnes réponses\s*:\s*0 sur/);
  await first.getByRole('radio', { name: '3', exact: true }).check();
  await expect(first.locator('.quiz-verdict')).toHaveText('Bonne réponse.');
  await expect(first.locator('.quiz-icon')).toHaveText('✓');
  await expect(quiz.locator('.quiz-score')).toContainText(/Bonnes réponses\s*:\s*1 sur/);
  await quiz.getByRole('button', { name: 'Recommencer' }).click();
  await expect(first.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(first.locator('.quiz-verdict')).toHaveCount(0);
  await expect(first.getByRole('radio').first()).toBeFocused();
  await expect(quiz.locator('.quiz-score')).toContainText(/Bonnes réponses\s*:\s*0 sur/);
});

test('quiz: keyboard alone answers a question', async ({ page }) => {
  await page.goto('/en/cours/01-etcd/');
  const quiz = await interactiveQuiz(page, '01-etcd');
  const first = quiz.locator('fieldset').first();
  await first.getByRole('radio').first().focus();
  await page.keyboard.press('Space');
  await expect(first.getByRole('radio').first()).toBeChecked();
  await expect(first.locator('.quiz-verdict')).toHaveText(/^(Correct|Incorrect)\.$/);
  await page.keyboard.press('ArrowDown');
  await expect(first.getByRole('radio').nth(1)).toBeChecked();
});

test('quiz: an answer survives a reload (progress store)', async ({ page }) => {
  await page.goto('/en/cours/02-haute-disponibilite/');
  let quiz = await interactiveQuiz(page, '02-haute-disponibilite');
  await quiz.locator('fieldset').nth(1).getByRole('radio').nth(1).check();
  const verdict = await quiz.locator('fieldset').nth(1).locator('.quiz-verdict').textContent();
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('quorum-lab:progress') ?? ''))
    .toContain('"02-haute-disponibilite"');
  await page.reload();
  quiz = await interactiveQuiz(page, '02-haute-disponibilite');
  await expect(quiz.locator('fieldset').nth(1).getByRole('radio').nth(1)).toBeChecked();
  await expect(quiz.locator('fieldset').nth(1).locator('.quiz-verdict')).toHaveText(verdict ?? '');
  // starting again forgets it, also after a reload
  await quiz.getByRole('button', { name: 'Start again' }).click();
  await page.reload();
  quiz = await interactiveQuiz(page, '02-haute-disponibilite');
  await expect(quiz.getByRole('radio', { checked: true })).toHaveCount(0);
});

test('every glossary link of lessons 01-04 lands on an existing term', async ({ page }) => {
  for (const locale of ['fr', 'en'] as const) {
    const ids = new Set<string>();
    for (const { slug } of lessons) {
      await page.goto(url(locale, slug));
      const hrefs = await page.locator('main a[href*="glossaire/#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const h of hrefs) ids.add(h.split('#')[1]);
    }
    await page.goto(locale === 'fr' ? '/glossaire/' : '/en/glossaire/');
    for (const id of ids) await expect(page.locator(`[id="${id}"]`), `${locale} #${id}`).toHaveCount(1);
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`quiz: no accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/cours/04-raft/');
    const quiz = await interactiveQuiz(page, '04-raft');
    await quiz.locator('fieldset').nth(0).getByRole('radio').nth(0).check(); // wrong answer
    await quiz.locator('fieldset').nth(1).getByRole('radio').nth(1).check(); // right answer
    const result = await new AxeBuilder({ page }).include('[data-quiz-id="04-raft"]').analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the quiz is a readable list with answers in <details>', async ({ page }) => {
    await page.goto('/cours/03-quorum/');
    const quiz = page.locator('[data-quiz-id="03-quorum"]');
    await expect(quiz).toHaveAttribute('data-enhanced', 'false');
    const details = quiz.locator('details');
    expect(await details.count()).toBeGreaterThanOrEqual(3);
    await expect(details.first().getByText(/Réponse\s*:/)).toBeHidden();
    await details.first().locator('summary').click();
    await expect(details.first().getByText(/Réponse\s*:\s*3/)).toBeVisible();
  });
});
