import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `<package version>+<git commit>` read from the working tree (no git binary needed), or the package version
 * alone when there is no repository (an installed build). Goes into every manifest.
 */
export function resolveCodeVersion(rootDir: string): string {
  let version = 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // No package.json: keep 'unknown'.
  }
  const commit = gitCommit(rootDir);
  return commit === null ? version : `${version}+${commit}`;
}

function gitCommit(rootDir: string): string | null {
  try {
    const head = readFileSync(join(rootDir, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    try {
      return readFileSync(join(rootDir, '.git', ref), 'utf8').trim();
    } catch {
      const packed = readFileSync(join(rootDir, '.git', 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
      return line === undefined ? null : line.slice(0, 40);
    }
  } catch {
    return null;
  }
}
