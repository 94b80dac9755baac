/**
 * Criteria evaluated in memory, for values inside JSON columns (and `like` everywhere, so that
 * it is case-sensitive on both dialects: SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
 * Scalars compare by their text, so `?properties.version=2` finds the number 2. A list value
 * (a multi-valued JSON-LD property) matches when one of its items does.
 */
import { asList, type Criterion } from './criterion.ts';

export type ValuePredicate = (value: unknown) => boolean;

export function criterionPredicate(criterion: Pick<Criterion, 'operator' | 'operandRight'>): ValuePredicate {
  const { operator, operandRight } = criterion;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
  let matchOne: (value: unknown) => boolean;
  switch (operator) {
    case '=':
    case '!=': {
      const right = String(operandRight);
      matchOne = (value) => text(value) === right;
      break;
    }
    case 'in': {
      const rights = new Set(asList(operandRight).map(String));
      matchOne = (value) => {
        const left = text(value);
        return left !== undefined && rights.has(left);
      };
      break;
    }
    case 'like':
    case 'ilike': {
      const pattern = likePattern(String(operandRight), operator === 'ilike');
      matchOne = (value) => {
        const left = text(value);
        return left !== undefined && pattern.test(left);
      };
      break;
    }
  }
  const matchAny = (value: unknown) => (Array.isArray(value) ? value.some((item) => matchOne(unwrap(item))) : matchOne(unwrap(value)));
  return operator === '!=' ? (value) => !matchAny(value) : matchAny;
}

/** A JSON-LD value object `{ "@value": x }` stands for x. */
function unwrap(value: unknown): unknown {
  return typeof value === 'object' && value !== null && '@value' in value ? (value as { '@value': unknown })['@value'] : value;
}

function likePattern(pattern: string, ignoreCase: boolean): RegExp {
  const source = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'ius' : 'us');
}

/** Sort order for values in memory: numbers by value, everything else by text; missing values last. */
export function compareValues(a: unknown, b: unknown, descending: boolean): number {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left === undefined || left === null) return right === undefined || right === null ? 0 : 1;
  if (right === undefined || right === null) return -1;
  const order = typeof left === 'number' && typeof right === 'number' ? left - right : compareText(asText(left), asText(right));
  return descending ? -order : order;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
