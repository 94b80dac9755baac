/**
 * The ODRL operators of the DSP profile over Values. Set operators read a single value as a set
 * of one; `isAllOf` and `hasPart` both mean "the left set contains every right value" (the
 * reading Tractus-X and EDC functions use), `isPartOf` the reverse.
 */
import type { Operator } from '../model/policy.ts';
import type { Value } from '../values/value.ts';
import { compareValues, kindName } from './compare-values.ts';

export type OperatorResult = { readonly holds: boolean } | { readonly mismatch: string };

/** Whether `actual` is an instance of `type` in some type hierarchy; equality is always enough. */
export type IsA = (actual: string, type: string) => boolean;

export function applyOperator(operator: Operator, left: Value, right: Value, isA: IsA): OperatorResult {
  switch (operator) {
    case 'eq':
      return equals(left, right);
    case 'neq': {
      const result = equals(left, right);
      return 'mismatch' in result ? result : { holds: !result.holds };
    }
    case 'gt':
    case 'gteq':
    case 'lt':
    case 'lteq':
      return order(operator, left, right);
    case 'isAnyOf':
      return setRelation(left, right, (l, r) => l.some((x) => contains(r, x)));
    case 'isNoneOf':
      return setRelation(left, right, (l, r) => !l.some((x) => contains(r, x)));
    case 'isAllOf':
    case 'hasPart':
      return setRelation(left, right, (l, r) => r.every((x) => contains(l, x)));
    case 'isPartOf':
      return setRelation(left, right, (l, r) => l.every((x) => contains(r, x)));
    case 'isA':
      return instanceOf(left, right, isA);
  }
}

function items(value: Value): readonly Value[] {
  return value.kind === 'list' ? value.items : [value];
}

function same(a: Value, b: Value): boolean {
  const comparison = compareValues(a, b);
  return !('mismatch' in comparison) && comparison.equal;
}

function contains(set: readonly Value[], value: Value): boolean {
  return set.some((member) => same(member, value));
}

/** Members of different kinds are simply unequal, but two sets with no comparable pair at all are a mismatch. */
function comparable(left: readonly Value[], right: readonly Value[]): string | undefined {
  if (left.length === 0 || right.length === 0) return undefined;
  for (const a of left) for (const b of right) if (!('mismatch' in compareValues(a, b))) return undefined;
  const first = compareValues(left[0]!, right[0]!);
  return 'mismatch' in first ? first.mismatch : undefined;
}

function setRelation(left: Value, right: Value, relation: (l: readonly Value[], r: readonly Value[]) => boolean): OperatorResult {
  const l = items(left);
  const r = items(right);
  const problem = comparable(l, r);
  return problem ? { mismatch: problem } : { holds: relation(l, r) };
}

function equals(left: Value, right: Value): OperatorResult {
  if (left.kind === 'list' && right.kind === 'list') {
    return setRelation(left, right, (l, r) => l.every((x) => contains(r, x)) && r.every((x) => contains(l, x)));
  }
  const comparison = compareValues(left, right);
  return 'mismatch' in comparison ? comparison : { holds: comparison.equal };
}

function order(operator: 'gt' | 'gteq' | 'lt' | 'lteq', left: Value, right: Value): OperatorResult {
  const comparison = compareValues(left, right);
  if ('mismatch' in comparison) return comparison;
  if (comparison.order === undefined) {
    return { mismatch: `${operator} orders numbers, dates and elapsed times; got ${kindName(left)} and ${kindName(right)}` };
  }
  const o = comparison.order;
  return { holds: operator === 'gt' ? o > 0 : operator === 'gteq' ? o >= 0 : operator === 'lt' ? o < 0 : o <= 0 };
}

function instanceOf(left: Value, right: Value, isA: IsA): OperatorResult {
  if (right.kind !== 'string') return { mismatch: `isA takes one type (a string or IRI) as right operand, got ${kindName(right)}` };
  const actual = items(left);
  if (!actual.every((v) => v.kind === 'string')) return { mismatch: `isA needs a string or IRI (or a list of them) as value, got ${kindName(left)}` };
  const type = right.value;
  return { holds: actual.some((v) => v.kind === 'string' && (v.value === type || isA(v.value, type))) };
}
