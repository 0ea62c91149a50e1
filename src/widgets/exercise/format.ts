// Small helpers shared by the exercise block, the course-map progress and the progress panel.

export type { NoticeKind } from '../../progress/notice';
import type { NoticeKind } from '../../progress/notice';

/** Replace {{name}} placeholders (strings come translated from the build, with i18next's syntax). */
export function fmt(s: string, vars?: Record<string, string | number>): string {
  if (!vars) return s;
  return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

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

/** Plural form as i18next names it: French puts 0 and 1 in the singular, English only 1. */
export function pluralKey(base: string, n: number, lang: string): string {
  const one = lang.startsWith('fr') ? n <= 1 : n === 1;
  return `${base}_${one ? 'one' : 'other'}`;
}

let claimed: NoticeKind | null = null;
/** One progress notice per page, however many exercise blocks it has: the first block to ask shows it. */
export function claimNotice(kind: NoticeKind): boolean {
  if (claimed !== null) return false;
  claimed = kind;
  return true;
}
