/**
 * `${NAME}` and `${NAME:-default}` in profile strings. A string that is exactly one reference
 * takes the type its value reads as in YAML (so `port: ${TDSS_PORT:-8080}` is a number); one that is
 * exactly `${NAME:-}` (an empty default) with NAME unset or empty is left out, so an optional
 * setting keeps its own default; `$${` writes a literal `${`.
 */
import { parse as parseYaml } from 'yaml';
import type { Issue, KeyPath } from '../settings/issue.ts';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

/** What an unset `${NAME:-}` stands for: no value at all. */
const ABSENT = Symbol('absent');

export interface Interpolation {
  value: unknown;
  issues: Issue[];
  /** Which environment reference each interpolated value came from, by key path. */
  origins: Map<string, string>;
}

export function interpolate(value: unknown, env: NodeJS.ProcessEnv): Interpolation {
  const issues: Issue[] = [];
  const origins = new Map<string, string>();
  const walk = (node: unknown, path: KeyPath): unknown => {
    if (typeof node === 'string') return substitute(node, path, env, issues, origins);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i])).filter((item) => item !== ABSENT);
    if (node && typeof node === 'object') {
      // A key whose value is an unset `${NAME:-}` is left out, so the setting's own default applies.
      const entries = Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])] as const);
      return Object.fromEntries(entries.filter(([, item]) => item !== ABSENT));
    }
    return node;
  };
  return { value: walk(value, []), issues, origins };
}

export function originKey(path: KeyPath): string {
  return path.join('\u0000');
}

function substitute(text: string, path: KeyPath, env: NodeJS.ProcessEnv, issues: Issue[], origins: Map<string, string>): unknown {
  if (!text.includes('$')) return text;
  const lookup = (name: string, fallback: string | undefined): string => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    issues.push({
      path,
      message: `environment variable ${name} is not set`,
      hint: `set ${name}, or give a default with \${${name}:-value}`,
    });
    return '';
  };
  const whole = WHOLE.exec(text);
  if (whole) {
    origins.set(originKey(path), text);
    const resolved = lookup(whole[1]!, whole[2]);
    if (resolved === '' && whole[2] === '') return ABSENT;
    return resolved === '' ? resolved : readScalar(resolved);
  }
  let used = false;
  const out = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    used = true;
    return lookup(name!, fallback);
  });
  if (used) origins.set(originKey(path), text);
  return out;
}

/**
 * Only numbers and booleans change type: a value YAML reads as a string may still differ from
 * the variable (a `#` starts a comment, quotes and padding are dropped), and a secret must
 * arrive exactly as it was set.
 */
function readScalar(text: string): unknown {
  try {
    const parsed: unknown = parseYaml(text);
    return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : text;
  } catch {
    return text;
  }
}
