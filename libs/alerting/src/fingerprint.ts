import { createHash } from 'node:crypto';

/**
 * A stable identity for an alert condition, as Alertmanager does it: sha256 over the labels sorted by name,
 * first 16 hex characters. Pairs are JSON-encoded before hashing so that `{a: 'b=c'}` and `{'a=b': 'c'}` differ.
 */
export function fingerprint(labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name] ?? '']);
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}
