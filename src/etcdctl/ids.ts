// Stable, seeded identifiers: member ids and the cluster id are derived from the scenario seed and node
// names (real etcd draws them at random; here the same seed always shows the same ids). Pure, no Math.random.

const MASK64 = (1n << 64n) - 1n;

/** FNV-1a 64 of a string's UTF-16 code units, then a splitmix64 finaliser to spread the bits. */
export function hash64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  h = ((h ^ (h >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  h = ((h ^ (h >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  h ^= h >> 31n;
  return h === 0n ? 1n : h;
}

/** A member id (uint64, non-zero) for a node name under a seed. */
export function memberId(seed: number, name: string): bigint {
  return hash64(`member:${seed}:${name}`);
}

/** The cluster id for a seed and its initial members. */
export function clusterId(seed: number, initialMembers: readonly string[]): bigint {
  return hash64(`cluster:${seed}:${[...initialMembers].sort().join(',')}`);
}

/** A deterministic UUID-shaped string (for the client ids etcdctl's warn lines show). */
export function pseudoUuid(seed: number, n: number): string {
  const a = hash64(`uuid-a:${seed}:${n}`).toString(16).padStart(16, '0');
  const b = hash64(`uuid-b:${seed}:${n}`).toString(16).padStart(16, '0');
  const x = a + b;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${'89ab'[Number.parseInt(x[16], 16) & 3]}${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

/** A 0..n-1 pick from the seed and a counter (used to choose between the recorded error variants). */
export function pick(seed: number, salt: string, n: number): number {
  return Number(hash64(`pick:${seed}:${salt}`) % BigInt(n));
}
