// Fills the course map's progress slots (`<span data-lesson-progress="03-quorum">`) with "2/3 exercices",
// from the progress store. Runs in the browser only; loads the store lazily; never throws.
import { EXERCISE_IDS, EXERCISE_LESSON } from '../../exercises/types';
import { tr } from '../../i18n/format';
import type { NoticeKind } from './format';
import { noticeText } from '../../progress/notice';
import { uiStrings } from '../strings';

export interface MapConfig {
  lang: string;
  /** The `progress.` strings (progress.lesson_one/_other, progress.lessonLong_one/_other, progress.notice.*). */
  strings: Record<string, string>;
}

/** Exercises per lesson slug, in course order. */
export function exercisesByLesson(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const id of EXERCISE_IDS) {
    const slug = EXERCISE_LESSON[id];
    m.set(slug, [...(m.get(slug) ?? []), id]);
  }
  return m;
}

/** "2/3 exercices" and its spoken form for one lesson. */
export function lessonProgressText(cfg: MapConfig, done: number, total: number): { short: string; long: string } {
  const fr = cfg.lang.startsWith('fr');
  return {
    short: tr(cfg.strings, 'progress.lesson', { count: total, done, total }, cfg.lang),
    // The spoken form agrees with the number solved in French ("1 exercice réussi sur 3"), with the total
    // in English ("1 of 3 exercises solved").
    long: tr(cfg.strings, 'progress.lessonLong', { count: fr ? done : total, done, total }, cfg.lang),
  };
}

/** Write the counts into every slot of `root`. */
export function fillSlots(root: ParentNode, cfg: MapConfig, doneIds: ReadonlySet<string>): void {
  const byLesson = exercisesByLesson();
  for (const el of root.querySelectorAll<HTMLElement>('[data-lesson-progress]')) {
    const ids = byLesson.get(el.dataset.lessonProgress ?? '');
    if (!ids || ids.length === 0) {
      el.textContent = '';
      continue;
    }
    const done = ids.filter((id) => doneIds.has(id)).length;
    const { short, long } = lessonProgressText(cfg, done, ids.length);
    el.textContent = '';
    const visible = document.createElement('span');
    visible.setAttribute('aria-hidden', 'true');
    visible.textContent = (done === ids.length ? '✓ ' : '') + short;
    const spoken = document.createElement('span');
    spoken.className = 'sr-only';
    spoken.textContent = long;
    el.append(visible, spoken);
    el.dataset.done = String(done);
    el.dataset.total = String(ids.length);
    el.classList.toggle('complete', done === ids.length);
  }
}

/** Start: read the language from `el` (data-config JSON) and the page's strings, fill the slots now and after every change. */
export async function startProgressMap(el: HTMLElement): Promise<void> {
  let cfg: MapConfig;
  try {
    const { lang } = JSON.parse(el.dataset.config ?? '{}') as { lang?: unknown };
    const l = typeof lang === 'string' ? lang : 'fr';
    cfg = { lang: l, strings: uiStrings(l, 'progress.') };
  } catch {
    return;
  }
  try {
    const store = await import('../../progress/store');
    store.subscribe((p, notice) => {
      fillSlots(document, cfg, new Set(Object.keys(p.exercises)));
      const slot = el.querySelector<HTMLElement>('[data-progress-notice]');
      if (slot) {
        const kind = notice?.kind as NoticeKind | undefined;
        slot.textContent = notice ? noticeText(notice, cfg.strings) : '';
        slot.hidden = !kind;
      }
    });
  } catch {
    /* no progress shown: the map still works */
  }
}
