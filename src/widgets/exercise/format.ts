// Small helpers shared by the exercise block, the course-map progress and the progress panel. Strings are
// filled with src/i18n/format.ts (tr, fmt, pluralKey), the one formatter of islands.

export type { NoticeKind } from '../../progress/notice';
import type { NoticeKind } from '../../progress/notice';

/** A stored ISO date as the learner reads it ("26 novembre 2026" / "26 November 2026"). */
export function formatDate(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleDateString(lang.startsWith('en') ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

let claimed: NoticeKind | null = null;
/** One progress notice per page, however many exercise blocks it has: the first block to ask shows it. */
export function claimNotice(kind: NoticeKind): boolean {
  if (claimed !== null) return false;
  claimed = kind;
  return true;
}
