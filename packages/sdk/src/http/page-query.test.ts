import t from 'tap';
import { ProblemError } from '../errors.ts';
import { readPageQuery } from './page-query.ts';

t.test('defaults and given values', async (t) => {
  t.same(readPageQuery({}), { offset: 0, limit: 50, filters: {} });
  t.same(readPageQuery({ offset: '10', limit: '5', state: 'ACTIVE' }, { filters: ['state', 'name'] }), {
    offset: 10,
    limit: 5,
    filters: { state: 'ACTIVE' },
  });
  t.same(readPageQuery({}, { defaultLimit: 20 }).limit, 20);
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const statusOf = (fn: () => unknown) => (thrown(fn) as ProblemError | undefined)?.status;

t.test('every bad parameter is reported at once as a 400 problem', async (t) => {
  const error = thrown(() =>
    readPageQuery({ offset: '-1', limit: '501', stat: 'x', state: ['a', 'b'] }, { filters: ['state'] }),
  ) as ProblemError;
  t.type(error, ProblemError);
  t.equal(error.status, 400);
  const errors = error.extensions.errors as Array<{ parameter: string; problem: string }>;
  t.same(errors.map((e) => e.parameter).sort(), ['limit', 'offset', 'stat', 'state']);
  t.match(error.message, 'limit: must be an integer from 1 to 500, found "501"');
  t.match(error.message, 'stat: unknown parameter; this list takes offset, limit, state');
});

t.test('limits must be whole numbers', async (t) => {
  for (const limit of ['1.5', 'ten', '', '0', '1e2']) {
    t.equal(statusOf(() => readPageQuery({ limit })), 400, `limit "${limit}"`);
  }
  t.equal(readPageQuery({ limit: '500' }).limit, 500);
  t.equal(readPageQuery({ limit: '900' }, { maxLimit: 1000 }).limit, 900);
});
