/**
 * Every list endpoint reads pagination and filters the same way: `offset`, `limit` and named
 * filter parameters from the query string. Unknown parameters are refused (they are typos far
 * more often than not), and so are malformed numbers.
 */
import { ProblemError } from '../errors.ts';

export interface PageQueryOptions {
  /** Filter parameters this list accepts, e.g. ['state', 'participantId']. */
  filters?: readonly string[];
  defaultLimit?: number;
  maxLimit?: number;
}

export interface PageQuery {
  offset: number;
  limit: number;
  /** Only the filters that were given. */
  filters: Record<string, string>;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

type Query = Record<string, string | string[] | undefined>;

export function readPageQuery(query: Query, options: PageQueryOptions = {}): PageQuery {
  const { filters: allowed = [], defaultLimit = DEFAULT_PAGE_LIMIT, maxLimit = MAX_PAGE_LIMIT } = options;
  const problems: Array<{ parameter: string; problem: string }> = [];
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (Array.isArray(value)) {
      problems.push({ parameter: name, problem: 'given more than once' });
      return undefined;
    }
    return value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = single(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push({ parameter: name, problem: `must be an integer from ${min} to ${max}, found "${raw}"` });
      return fallback;
    }
    return value;
  };
  const offset = integer('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = integer('limit', defaultLimit, 1, maxLimit);
  const filters: Record<string, string> = {};
  for (const name of Object.keys(query)) {
    if (name === 'offset' || name === 'limit') continue;
    if (!allowed.includes(name)) {
      problems.push({ parameter: name, problem: `unknown parameter; this list takes offset, limit${allowed.map((f) => `, ${f}`).join('')}` });
      continue;
    }
    const value = single(name);
    if (value !== undefined) filters[name] = value;
  }
  if (problems.length) {
    throw new ProblemError(400, problems.map((p) => `${p.parameter}: ${p.problem}`).join('; '), {
      type: 'invalid-query',
      title: 'Invalid query parameters',
      extensions: { errors: problems },
    });
  }
  return { offset, limit, filters };
}
