// The progress notices, without the store (islands import this statically; the store itself loads lazily).
import { fmt } from '../i18n/format';

export type NoticeKind = 'reset-corrupt' | 'reset-old' | 'memory-only' | 'read-only' | 'newer-version' | 'dropped';
export interface Notice {
  kind: NoticeKind;
  /** For `dropped`: how many entries were set aside. */
  count?: number;
}

/** Notices that stay true for the page's lifetime: they have no "Compris" button, dismissing does nothing. */
export const LASTING_NOTICES: readonly NoticeKind[] = ['memory-only', 'read-only', 'newer-version'];
export function isLasting(kind: NoticeKind): boolean {
  return LASTING_NOTICES.includes(kind);
}

/** The `progress.notice.<kind>` string with its count filled in. */
export function noticeText(n: Notice, strings: Readonly<Record<string, string>>): string {
  return fmt(strings[`progress.notice.${n.kind}`] ?? '', { count: n.count ?? 0 });
}
