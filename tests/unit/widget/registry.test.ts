// Islands find a cluster by id whether they hydrate before or after the widget.
import { describe, expect, it } from 'vitest';
import { getCluster, onCluster, registerCluster, type ClusterHandle } from '../../../src/widgets/registry';

const handle = (name: string) => ({ name }) as unknown as ClusterHandle;

describe('cluster registry', () => {
  it('calls a waiting island when the cluster registers, and a late one at once', () => {
    const seen: string[] = [];
    onCluster('r1', (h) => seen.push(`early:${(h as unknown as { name: string }).name}`));
    expect(seen).toEqual([]);
    const unregister = registerCluster('r1', handle('A'));
    expect(seen).toEqual(['early:A']);
    onCluster('r1', (h) => seen.push(`late:${(h as unknown as { name: string }).name}`));
    expect(seen).toEqual(['early:A', 'late:A']);
    unregister();
    expect(getCluster('r1')).toBeUndefined();
  });

  it('a cancelled wait is never called; other ids are independent', () => {
    let called = 0;
    const cancel = onCluster('r2', () => called++);
    cancel();
    registerCluster('r3', handle('B'));
    registerCluster('r2', handle('C'));
    expect(called).toBe(0);
    expect((getCluster('r3') as unknown as { name: string }).name).toBe('B');
  });
});
