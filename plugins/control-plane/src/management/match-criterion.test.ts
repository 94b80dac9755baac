import t from 'tap';
import type { Criterion } from './criterion.ts';
import { compareValues, criterionPredicate } from './match-criterion.ts';

const test = (operator: Criterion['operator'], operandRight: Criterion['operandRight'], value: unknown) => criterionPredicate({ operator, operandRight })(value);

t.test('operators', async (t) => {
  t.ok(test('=', 'a', 'a'));
  t.notOk(test('=', 'a', 'A'));
  t.ok(test('=', '2', 2), 'scalars compare by their text');
  t.ok(test('=', true, 'true'));
  t.notOk(test('=', 'a', undefined));
  t.notOk(test('=', '[object Object]', { a: 1 }), 'objects never equal a scalar');
  t.ok(test('!=', 'a', 'b'));
  t.ok(test('!=', 'a', undefined), 'a missing value differs');
  t.notOk(test('!=', 'a', ['b', 'a']), 'a list differs only when no item is equal');
  t.ok(test('=', 'a', ['b', 'a']), 'a list matches when an item does');
  t.ok(test('=', 'a', { '@value': 'a' }), 'JSON-LD value objects stand for their value');
  t.ok(test('in', ['x', 3], 3));
  t.notOk(test('in', [], 'x'));
  t.ok(test('like', 'we%er', 'weather'));
  t.ok(test('like', 'w_ather', 'weather'));
  t.notOk(test('like', 'We%', 'weather'), 'like is case-sensitive');
  t.ok(test('ilike', 'We%', 'weather'));
  t.ok(test('like', 'a.b(c)*', 'a.b(c)*'), 'regular expression characters are literal');
  t.notOk(test('like', 'a.b', 'axb'));
  t.ok(test('like', '%', 'line\nbreak'));
});

t.test('sort order', async (t) => {
  const values = [10, undefined, 2, 'b', 'a', null];
  t.same([...values].sort((a, b) => compareValues(a, b, false)), [2, 10, 'a', 'b', undefined, null]);
  t.same([...values].sort((a, b) => compareValues(a, b, true)).slice(0, 4), ['b', 'a', 10, 2], 'descending; missing values stay last');
});
