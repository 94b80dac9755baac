/** The option values of `tdss tenant`, read once and checked before any request is sent. */
import { readFileSync } from 'node:fs';
import { usageError } from './command-error.ts';
import { DEFAULT_MANAGEMENT_URL, type ManagementTarget } from './management-client.ts';

export interface TenantOptions {
  url?: string;
  token?: string;
  output?: string;
  help?: boolean;
  name?: string;
  id?: string;
  settings?: string;
  wait?: boolean;
  timeout?: string;
  state?: string;
  offset?: string;
  limit?: string;
}

export const DEFAULT_TIMEOUT = '5m';

/** --url and --token, else the environment; the token is only ever sent, never printed. */
export function readTarget(values: TenantOptions, env: NodeJS.ProcessEnv): ManagementTarget {
  return {
    url: values.url || env.TDSS_MANAGEMENT_URL || DEFAULT_MANAGEMENT_URL,
    token: values.token || env.TDSS_TOKEN || env.TDSS_ADMIN_TOKEN || undefined,
  };
}

export function readOutput(command: string, values: TenantOptions): 'table' | 'json' {
  const output = values.output ?? 'table';
  if (output !== 'table' && output !== 'json') throw usageError(command, `--output is table or json, not "${output}"`);
  return output;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `90s`, `5m`, `1h`, `500ms`; a bare number is seconds. */
export function readDuration(command: string, option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) throw usageError(command, `--${option} takes a duration such as 90s, 5m or 1h, not "${text}"`);
  return Number(match[1]) * UNITS[match[2] ?? 's']!;
}

export function readCount(command: string, option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usageError(command, `--${option} takes a whole number, not "${text}"`);
  return Number(text);
}

/** Inline JSON, or `@file` holding it; a JSON object either way. */
export function readSettings(command: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let source = 'the value of --settings';
  let json = text;
  if (text.startsWith('@')) {
    source = text.slice(1);
    try {
      json = readFileSync(source, 'utf8');
    } catch (error) {
      throw usageError(command, `--settings: cannot read ${source}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw usageError(command, `--settings: ${source} is not JSON (${(error as Error).message}); give a JSON object or @FILE holding one`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usageError(command, `--settings: ${source} is not a JSON object`);
  return parsed as Record<string, unknown>;
}
