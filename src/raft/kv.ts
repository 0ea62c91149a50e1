// The key-value state machine, with etcd's revisions: the store revision starts at 1 and every change
// (put, or delete of an existing key) bumps it; each key keeps createRevision, modRevision and version
// (number of puts since creation), as `etcdctl get -w json` shows them.
import type { Entry, KvState } from './types';

export function emptyKv(): KvState {
  return { revision: 1, data: new Map() };
}

/** Records are immutable (replaced on change), so a copy of the Map is a full copy of the state. */
export function cloneKv(kv: KvState): KvState {
  return { revision: kv.revision, data: new Map(kv.data) };
}

export function applyToKv(kv: KvState, e: Entry): void {
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
  // noop and config entries leave the key space alone, as in etcd.
}
