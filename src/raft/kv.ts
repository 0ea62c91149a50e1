// The key-value state machine, with etcd's revisions: the store revision starts at 1 and every change
// (put, or delete of an existing key) bumps it; each key keeps createRevision, modRevision and version
// (number of puts since creation), as `etcdctl get -w json` shows them.
import type { KvRecord, KvState, LogEntry } from './types';

/** A copy of a Map. `new Map(m)` walks the generic iterator protocol (one [key, value] array per entry);
 *  forEach does not. */
export function copyMap<K, V>(m: Map<K, V>): Map<K, V> {
  const c = new Map<K, V>();
  m.forEach((v, k) => c.set(k, v));
  return c;
}

export function emptyKv(): KvState {
  return { revision: 1, data: new Map(), own: true };
}

/** A copy that shares the key Map until either side writes (records are immutable, replaced on change): a
 *  checkpoint or a snapshot costs no copy of the key space, and the first write after it copies the Map once. */
export function cloneKv(kv: KvState): KvState {
  kv.own = false;
  return { revision: kv.revision, data: kv.data, own: false };
}

/** Apply a committed entry. Every member applies the same entry to the same store, so the record a put makes is
 *  nearly always the one the first member to apply it made: it is kept on the log entry (`rec`) and shared
 *  (records are immutable), and made anew only when it differs. */
export function applyToKv(kv: KvState, le: LogEntry): void {
  const e = le.entry;
  if (e.kind !== 'put' && e.kind !== 'delete') return; // noop and config entries leave the key space alone, as in etcd
  if (!kv.own) {
    kv.data = copyMap(kv.data);
    kv.own = true;
  }
  if (e.kind === 'put') {
    const rev = ++kv.revision;
    const old = kv.data.get(e.key);
    const createRevision = old ? old.createRevision : rev;
    const version = old ? old.version + 1 : 1;
    let r = le.rec;
    if (r === undefined || r.modRevision !== rev || r.createRevision !== createRevision || r.version !== version) {
      r = new KvRec(e.value, createRevision, rev, version);
      le.rec = r;
    }
    kv.data.set(e.key, r);
  } else if (e.kind === 'delete') {
    if (kv.data.has(e.key)) {
      kv.revision++;
      kv.data.delete(e.key);
    }
  }
}

/** A key's record: made by a constructor, not a literal (see "Records a run keeps" in docs/ARCHITECTURE.md). */
interface KvRec extends KvRecord {}
class KvRec {
  constructor(value: string, createRevision: number, modRevision: number, version: number) {
    this.value = value;
    this.createRevision = createRevision;
    this.modRevision = modRevision;
    this.version = version;
  }
}
