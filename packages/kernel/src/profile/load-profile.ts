/**
 * Reads a profile file into runtime options: parse with positions, interpolate the environment,
 * check the top-level shape, and import each plugin. Problems come back as located Issues.
 */
import { dirname, resolve } from 'node:path';
import { closestName } from '../settings/closest-name.ts';
import { describeValue } from '../settings/describe-value.ts';
import type { Issue } from '../settings/issue.ts';
import type { PluginEntry } from '../plan/plugin-entry.ts';
import type { RuntimeOptions } from '../runtime/runtime.ts';
import { interpolate, originKey } from './interpolate.ts';
import { readProfileDocument } from './profile-document.ts';
import { resolvePlugin } from './resolve-plugin.ts';

export interface LoadProfileOptions {
  env?: NodeJS.ProcessEnv;
  /** Folders to look up plugin packages from after the profile's own (e.g. the runtime's). */
  searchFrom?: readonly string[];
}

export interface LoadedProfile {
  file: string;
  options: RuntimeOptions;
  /** Problems found before the plugins' settings could be checked (syntax, environment, imports). */
  issues: Issue[];
  /** True when every plugin key resolved to a plugin. */
  resolved: boolean;
}

const TOP_LEVEL_KEYS = ['$schema', 'runtime', 'plugins'];

export async function loadProfile(file: string, options: LoadProfileOptions = {}): Promise<LoadedProfile> {
  const path = resolve(file);
  const doc = await readProfileDocument(path);
  const { value, issues: envIssues, origins } = interpolate(doc.value, options.env ?? process.env);
  const locate = (issue: Issue): Issue => {
    const located = doc.locate(issue);
    const origin = origins.get(originKey(issue.path));
    return origin && !located.message.includes('environment variable') ? { ...located, message: `${located.message} (from ${origin})` } : located;
  };
  const issues: Issue[] = [...doc.issues, ...envIssues];
  const entries: PluginEntry[] = [];
  let resolved = doc.issues.length === 0;
  let runtime: unknown;

  if (doc.issues.length === 0) {
    if (!isRecord(value)) {
      issues.push({ path: [], message: `a profile is a map with "runtime" and "plugins", found ${describeValue(value)}` });
      resolved = false;
    } else {
      for (const key of Object.keys(value)) {
        if (!TOP_LEVEL_KEYS.includes(key)) {
          const suggestion = closestName(key, TOP_LEVEL_KEYS);
          issues.push({ path: [key], message: 'unknown top-level key', hint: suggestion ? `did you mean "${suggestion}"?` : `a profile has ${TOP_LEVEL_KEYS.join(', ')}` });
        }
      }
      runtime = value.runtime;
      const plugins = value.plugins ?? {};
      if (!isRecord(plugins)) {
        issues.push({ path: ['plugins'], message: `expected a map of plugin name to settings, found ${describeValue(plugins)}` });
        resolved = false;
      } else {
        const from = [dirname(path), ...(options.searchFrom ?? []), process.cwd()];
        const results = await Promise.all(
          Object.entries(plugins).map(async ([specifier, settings]) => ({
            settings,
            specifier,
            result: await resolvePlugin(specifier, from, ['plugins', specifier]),
          })),
        );
        for (const { specifier, settings, result } of results) {
          if (result.issue) {
            issues.push(result.issue);
            resolved = false;
          } else {
            entries.push({ plugin: result.plugin, settings, path: ['plugins', specifier] });
          }
        }
      }
    }
  }

  return {
    file: path,
    issues: issues.map(locate),
    resolved,
    options: { source: path, profilePath: path, runtime, plugins: entries, locate },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
