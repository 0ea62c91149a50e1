// The key-value state machine, with etcd's revisions: the store revision starts at 1 and every change
// (put, or delete of an existing key) bumps it; each key keeps createRevision, modRevision and version
// (number of puts since creation), as `etcdctl get -w json` shows them.
import type { Entry, KvState } from './types';

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

export function applyToKv(kv: KvState, e: Entry): void {
  if (e.kind !== 'put' && e.kind !== 'delete') return; // noop and config entries leave the key space alone, as in etcd
  if (!kv.own) {
    kv.data = copyMap(kv.data);
    kv.own = true;
  }
  if (e.kind === 'put') {
    const rev = ++kv.revision;
    const old = kv.data.get(e.key);
    kv.data.set(e.key, {
      value: e.value,
      createRevision: old ? old.createRevision : rev,
      modRevision: rev,
      version: old ? old.version + 1 : 1,
    });
  } else if (e.kind === 'delete') {
    if (kv.data.has(e.key)) {
      kv.revision++;
      kv.data.delete(e.key);
    }
  }
}
