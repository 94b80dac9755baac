import t from 'tap';
import type { Operator, RightOperand } from '../model/policy.ts';
import { elapsedTime } from '../values/left-value.ts';
import { readLeftValue, readRightOperand } from '../values/read-value.ts';
import type { Value } from '../values/value.ts';
import { applyOperator, type IsA } from './apply-operator.ts';

const noHierarchy: IsA = () => false;

function apply(operator: Operator, left: unknown, right: RightOperand, isA: IsA = noHierarchy) {
  return applyOperator(operator, readLeftValue(left) as Value, readRightOperand(right) as Value, isA);
}

const holds = (operator: Operator, left: unknown, right: RightOperand, isA?: IsA) => t.same(apply(operator, left, right, isA), { holds: true }, `${JSON.stringify(left)} ${operator} ${JSON.stringify(right)}`);
const fails = (operator: Operator, left: unknown, right: RightOperand, isA?: IsA) => t.same(apply(operator, left, right, isA), { holds: false }, `not ${JSON.stringify(left)} ${operator} ${JSON.stringify(right)}`);
const mismatch = (operator: Operator, left: unknown, right: RightOperand, pattern: RegExp) => {
  const result = apply(operator, left, right);
  t.ok('mismatch' in result && pattern.test(result.mismatch), `${JSON.stringify(left)} ${operator} ${JSON.stringify(right)} is a mismatch: ${JSON.stringify(result)}`);
};

t.test('eq', async () => {
  holds('eq', 'gold', 'gold');
  fails('eq', 'silver', 'gold');
  holds('eq', 5, 5);
  fails('eq', 5, 6);
  holds('eq', 5, '5.0');
  holds('eq', 5, { '@value': '5', '@type': 'xsd:integer' });
  holds('eq', true, 'true');
  fails('eq', false, true);
  holds('eq', 'http://example.org/EU', { '@id': 'http://example.org/EU' });
  holds('eq', new Date('2024-05-01T10:00:00Z'), '2024-05-01T12:00:00+02:00');
  holds('eq', ['a', 'b'], ['b', 'a']);
  fails('eq', ['a'], ['a', 'b']);
  mismatch('eq', 'gold', 5, /a string cannot be compared with a number/);
  mismatch('eq', ['gold'], 'gold', /use a set operator/);
  mismatch('eq', new Date('2024-05-01T10:00:00Z'), 'gold', /ISO 8601/);
  mismatch('eq', 'yes', true, /two booleans/);
  holds('eq', { '@value': 'P1D', '@type': 'xsd:duration' }, 'P1D');
  fails('eq', { '@value': 'P1M', '@type': 'xsd:duration' }, 'P30D');
  mismatch('eq', { '@value': 'P1D', '@type': 'xsd:duration' }, 'a day', /two ISO 8601 durations/);
});

t.test('neq never turns a mismatch into true', async () => {
  holds('neq', 5, 6);
  fails('neq', 5, 5);
  holds('neq', 'gold', 'silver');
  mismatch('neq', 'gold', 5, /cannot be compared/);
});

t.test('gt gteq lt lteq order numbers, dates and elapsed times', async () => {
  holds('gt', 10, 9);
  fails('gt', 9, 9);
  holds('gteq', 9, 9);
  fails('gteq', 8, 9);
  holds('lt', 8, { '@value': '9', '@type': 'xsd:decimal' });
  fails('lt', 9, 9);
  holds('lteq', 9, '9');
  fails('lteq', 10, '9');
  holds('gt', '10', '9'); // two numeric strings compare as numbers
  const at = new Date('2023-12-31T05:59:00Z');
  holds('lteq', at, '2023-12-31T06:00Z');
  fails('gt', at, '2023-12-31T06:00Z');
  holds('lt', at, { '@value': '2024-01-01', '@type': 'xsd:date' });
  // A date stands for the whole day.
  holds('lteq', new Date('2024-12-31T23:59:59Z'), '2024-12-31');
  fails('lt', new Date('2024-12-31T23:59:59Z'), '2024-12-31');
  holds('gteq', new Date('2024-12-31T00:00:00Z'), '2024-12-31');
  const start = new Date('2024-01-31T00:00:00Z');
  holds('lteq', elapsedTime(start, new Date('2024-02-29T00:00:00Z')), 'P1M'); // month end is clamped
  fails('lteq', elapsedTime(start, new Date('2024-02-29T00:00:01Z')), 'P1M');
  holds('lt', elapsedTime(start, new Date('2024-01-31T23:00:00Z')), { '@value': 'PT24H', '@type': 'xsd:duration' });
  holds('gt', elapsedTime(start, new Date('2024-02-08T00:00:00Z')), 'P1W');
  mismatch('gt', 'gold', 'silver', /orders numbers, dates and elapsed times/);
  mismatch('gt', { '@value': 'P1M', '@type': 'xsd:duration' }, 'P30D', /orders numbers/); // P1M and P30D have no fixed order
  mismatch('lt', true, false, /orders numbers/);
  mismatch('lt', 5, 'soon', /two numbers/);
  mismatch('lteq', elapsedTime(start, start), '2024-01-01', /ISO 8601 duration/);
  mismatch('gt', [1, 2], 1, /set operator/);
});

t.test('isAnyOf', async () => {
  holds('isAnyOf', 'b', ['a', 'b']);
  fails('isAnyOf', 'c', ['a', 'b']);
  holds('isAnyOf', ['x', 'b'], ['a', 'b']);
  fails('isAnyOf', ['x', 'y'], ['a', 'b']);
  holds('isAnyOf', 2, ['1', '2']);
  fails('isAnyOf', 'a', []);
  mismatch('isAnyOf', 5, ['a', 'b'], /cannot be compared/);
});

t.test('isNoneOf never holds on a mismatch', async () => {
  holds('isNoneOf', 'c', ['a', 'b']);
  fails('isNoneOf', 'b', ['a', 'b']);
  fails('isNoneOf', ['c', 'a'], ['a', 'b']);
  holds('isNoneOf', 'a', []);
  mismatch('isNoneOf', 5, ['a', 'b'], /cannot be compared/);
});

t.test('isAllOf and hasPart: the value contains every right operand', async () => {
  holds('isAllOf', ['a', 'b', 'c'], ['a', 'b']);
  fails('isAllOf', ['a'], ['a', 'b']);
  holds('isAllOf', ['a'], []);
  holds('isAllOf', 'a', ['a']);
  mismatch('isAllOf', [1, 2], ['a'], /cannot be compared/);
  holds('hasPart', ['a', 'b'], 'a');
  fails('hasPart', ['a', 'b'], 'c');
  holds('hasPart', ['a', 'b', 'c'], ['c', 'a']);
  mismatch('hasPart', [true], 'a', /cannot be compared/);
});

t.test('isPartOf: every value is in the right operand', async () => {
  holds('isPartOf', 'a', ['a', 'b']);
  holds('isPartOf', ['a', 'b'], ['a', 'b', 'c']);
  fails('isPartOf', ['a', 'z'], ['a', 'b']);
  fails('isPartOf', 'z', ['a', 'b']);
  mismatch('isPartOf', 1, ['a'], /cannot be compared/);
});

t.test('isA against a type hierarchy', async () => {
  const hierarchy: IsA = (actual, type) => ({ dog: ['mammal', 'animal'], mammal: ['animal'] })[actual]?.includes(type) ?? false;
  holds('isA', 'dog', 'animal', hierarchy);
  fails('isA', 'dog', 'animal');
  holds('isA', 'dog', 'dog');
  fails('isA', 'animal', 'dog', hierarchy);
  holds('isA', ['cat', 'dog'], 'mammal', hierarchy);
  holds('isA', { '@id': 'dog' }, { '@id': 'mammal' }, hierarchy);
  mismatch('isA', 'dog', ['animal', 'mammal'], /one type/);
  mismatch('isA', 5, 'animal', /string or IRI/);
});
