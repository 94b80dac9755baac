/**
 * Finds and imports the module behind a profile's plugin key: an npm package name, looked up
 * from the profile's folder and then from the given fallbacks, or a path relative to the profile.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AnyPlugin, isPlugin } from '@tdss/sdk';
import type { Issue, KeyPath } from '../settings/issue.ts';
import { resolvePackage } from './resolve-package.ts';

export type PluginResolution = { plugin: AnyPlugin; issue?: undefined } | { plugin?: undefined; issue: Issue };

export async function resolvePlugin(specifier: string, from: readonly string[], path: KeyPath): Promise<PluginResolution> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  const location = isPath
    ? resolvePath(specifier, from[0]!)
    : from.map((dir) => resolvePackage(specifier, dir)).find((found) => found !== undefined);
  if (!location) {
    return {
      issue: {
        path,
        message: isPath
          ? `no plugin at ${resolve(from[0]!, specifier)}`
          : `plugin package ${specifier} is not installed (looked from ${from.join(', ')})`,
        hint: isPath ? 'check the path; it is relative to the profile file' : `install it (npm install ${specifier}) or correct the name`,
      },
    };
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(location).href)) as { default?: unknown };
  } catch (error) {
    return { issue: { path, message: `plugin ${specifier} failed to load: ${(error as Error).message}` } };
  }
  if (!isPlugin(module.default)) {
    return {
      issue: {
        path,
        message: `${specifier} does not default-export a TDSS plugin`,
        hint: 'the module must `export default definePlugin({...})` (from @tdss/sdk)',
      },
    };
  }
  return { plugin: module.default };
}

function resolvePath(specifier: string, base: string): string | undefined {
  const target = resolve(base, specifier);
  if (!existsSync(target)) return undefined;
  try {
    return createRequire(join(dirname(target), 'noop.js')).resolve(target);
  } catch {
    return undefined;
  }
}
