/**
 * Profiles that ship with the runtime, addressed by name (`tdss start --profile postgres`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROFILES_DIR = fileURLToPath(new URL('../profiles/', import.meta.url));

export const DEFAULT_PROFILE = 'all-in-one';

export function builtinProfileNames(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** A built-in name maps to its file; anything else is taken as a path. */
export function profilePath(nameOrPath: string): string {
  if (/^[a-z0-9-]+$/.test(nameOrPath)) {
    const file = `${PROFILES_DIR}${nameOrPath}.yaml`;
    if (existsSync(file)) return file;
  }
  return nameOrPath;
}

/** The folder built-in plugins resolve from, whatever folder a profile sits in. */
export const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));
