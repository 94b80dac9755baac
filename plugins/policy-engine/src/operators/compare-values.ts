/**
 * Compares two single values. Typed sides decide how an untyped string is read: next to a date
 * it must be an ISO 8601 date, next to a number a decimal number, next to an elapsed time a
 * duration. Two untyped strings are equal only when identical, and ordered only when both are
 * numbers or both are dates.
 */
import { parseIsoDate, utcDay } from '../values/iso-date.ts';
import { addDuration, parseDuration, type Duration } from '../values/iso-duration.ts';
import { numericString, type Value } from '../values/value.ts';

export type Comparison = { readonly equal: boolean; readonly order?: -1 | 0 | 1 } | { readonly mismatch: string };

type Temporal = Extract<Value, { kind: 'dateTime' | 'date' }>;

export function kindName(value: Value): string {
  switch (value.kind) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'dateTime': return 'a date-time';
    case 'date': return 'a date';
    case 'duration': return 'a duration';
    case 'elapsed': return 'an elapsed time';
    case 'list': return 'a list';
  }
}

export function compareValues(left: Value, right: Value): Comparison {
  if (left.kind === 'list' || right.kind === 'list') {
    return { mismatch: `${kindName(left)} cannot be compared with ${kindName(right)}; use a set operator (isAnyOf, isAllOf, hasPart, …) for lists` };
  }
  if (left.kind === 'elapsed' || right.kind === 'elapsed') return compareElapsed(left, right);
  if (isTemporal(left) || isTemporal(right)) return compareTemporal(left, right);
  if (left.kind === 'number' || right.kind === 'number') return compareNumbers(left, right);
  if (left.kind === 'boolean' || right.kind === 'boolean') return compareBooleans(left, right);
  if (left.kind === 'duration' || right.kind === 'duration') return compareDurations(left, right);
  return compareStrings(left.value, right.value);
}

function isTemporal(value: Value): value is Temporal {
  return value.kind === 'dateTime' || value.kind === 'date';
}

function asTemporal(value: Value): Temporal | undefined {
  if (isTemporal(value)) return value;
  return value.kind === 'string' ? parseIsoDate(value.value) : undefined;
}

function orderOf(a: number | string, b: number | string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordered(order: -1 | 0 | 1): Comparison {
  return { equal: order === 0, order };
}

function mismatch(left: Value, right: Value, expected: string): Comparison {
  return { mismatch: `${kindName(left)} cannot be compared with ${kindName(right)}: ${expected}` };
}

function compareTemporal(left: Value, right: Value): Comparison {
  const a = asTemporal(left);
  const b = asTemporal(right);
  return a && b ? ordered(temporalOrder(a, b)) : mismatch(left, right, 'expected two ISO 8601 dates or date-times');
}

function temporalOrder(a: Temporal, b: Temporal): -1 | 0 | 1 {
  // A date stands for a whole day: compare days when either side is one.
  if (a.kind === 'date' || b.kind === 'date') {
    return orderOf(a.kind === 'date' ? a.day : utcDay(a.ms), b.kind === 'date' ? b.day : utcDay(b.ms));
  }
  return orderOf(a.ms, b.ms);
}

function asNumber(value: Value): number | undefined {
  if (value.kind === 'number') return value.value;
  return value.kind === 'string' ? numericString(value.value) : undefined;
}

function compareNumbers(left: Value, right: Value): Comparison {
  const a = asNumber(left);
  const b = asNumber(right);
  return a === undefined || b === undefined ? mismatch(left, right, 'expected two numbers') : ordered(orderOf(a, b));
}

function asBoolean(value: Value): boolean | undefined {
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'string' && (value.value === 'true' || value.value === 'false')) return value.value === 'true';
  return undefined;
}

function compareBooleans(left: Value, right: Value): Comparison {
  const a = asBoolean(left);
  const b = asBoolean(right);
  return a === undefined || b === undefined ? mismatch(left, right, 'expected two booleans') : { equal: a === b };
}

function asDuration(value: Value): Duration | undefined {
  if (value.kind === 'duration') return value.duration;
  return value.kind === 'string' ? parseDuration(value.value) : undefined;
}

function compareDurations(left: Value, right: Value): Comparison {
  const a = asDuration(left);
  const b = asDuration(right);
  if (!a || !b) return mismatch(left, right, 'expected two ISO 8601 durations');
  // P1M and P30D have no fixed order, so durations only compare for equality.
  return { equal: a.negative === b.negative && a.months === b.months && a.ms === b.ms };
}

function compareElapsed(left: Value, right: Value): Comparison {
  const elapsed = left.kind === 'elapsed' ? left : right.kind === 'elapsed' ? right : undefined;
  const other = elapsed === left ? right : left;
  const duration = elapsed && other.kind !== 'elapsed' ? asDuration(other) : undefined;
  if (!elapsed || !duration) return mismatch(left, right, 'an elapsed time compares with an ISO 8601 duration such as P30D');
  // elapsed ⋚ D exactly when the end instant ⋚ start + D, which respects calendar months.
  const order = orderOf(elapsed.to, addDuration(elapsed.from, duration));
  return ordered(elapsed === left ? order : (-order as -1 | 0 | 1));
}

function compareStrings(a: string, b: string): Comparison {
  const na = numericString(a);
  const nb = numericString(b);
  if (na !== undefined && nb !== undefined) return { equal: a === b, order: orderOf(na, nb) };
  const da = parseIsoDate(a);
  const db = parseIsoDate(b);
  if (da && db) return { equal: a === b, order: temporalOrder(da, db) };
  return { equal: a === b };
}
