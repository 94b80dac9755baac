/**
 * Where `import()` finds a package, seen from a given folder. The kernel imports plugins, so it
 * follows the `import` entry of a package's `exports`: require.resolve would take the `require`
 * entry instead, or call a package that exports only to `import` not installed.
 */
import { readFileSync } from 'node:fs';
import { createRequire, findPackageJSON } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONDITIONS = ['node', 'import', 'default'];

export function resolvePackage(specifier: string, from: string): string | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = ['.', ...parts.slice(nameLength)].join('/');
  let manifestFile: string | undefined;
  try {
    manifestFile = findPackageJSON(name, pathToFileURL(join(from, 'noop.js')));
  } catch {
    return undefined;
  }
  if (!manifestFile) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { exports?: unknown };
  if (manifest.exports === undefined) {
    // Without `exports` both resolvers agree (main, index.js, added extensions).
    try {
      return createRequire(join(from, 'noop.js')).resolve(specifier);
    } catch {
      return undefined;
    }
  }
  const target = conditionTarget(subpathEntry(manifest.exports, subpath));
  return target === undefined ? undefined : resolve(dirname(manifestFile), target);
}

function subpathEntry(exports: unknown, subpath: string): unknown {
  const isSubpathMap = isRecord(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  if (isSubpathMap) return exports[subpath];
  return subpath === '.' ? exports : undefined;
}

/** Node's rule: the first key, in the package's own order, that is one of our conditions. */
function conditionTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const item of entry) {
      const target = conditionTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (!isRecord(entry)) return undefined;
  for (const [condition, value] of Object.entries(entry)) {
    if (!CONDITIONS.includes(condition)) continue;
    const target = conditionTarget(value);
    if (target !== undefined) return target;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
