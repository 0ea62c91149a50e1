// The learner's saved progress in end-to-end tests: the one way to put data under the store's key.
import type { Page } from '@playwright/test';
import { PROGRESS_KEY } from '../../../src/progress/store';

export { PROGRESS_KEY };

/** Put `value` under the progress key before the first page of the test runs (once, not on reloads). */
export async function seedProgress(page: Page, value: string): Promise<void> {
  await page.addInitScript(
    ([k, v]) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(k, v);
    },
    [PROGRESS_KEY, value],
  );
}
