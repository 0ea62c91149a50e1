// The one in-memory stand-in for localStorage in unit tests of the progress store: it can be full (every
// write fails with QuotaExceededError, as when the origin's quota is used up) or blocked (every access throws
// SecurityError, as with strict privacy settings or some embedded browsers).
import type { StorageLike } from '../../src/progress/store';

export class FakeStorage implements StorageLike {
  data = new Map<string, string>();
  full = false;
  blocked = false;
  getItem(k: string): string | null {
    if (this.blocked) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.data.has(k) ? (this.data.get(k) as string) : null;
  }
  setItem(k: string, v: string): void {
    if (this.blocked) throw new DOMException('The operation is insecure.', 'SecurityError');
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}
