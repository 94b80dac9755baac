import t from 'tap';
import { rejectionOf } from './rejection-of.ts';

t.test('gives back the error a promise rejects with', async (t) => {
  const error = new RangeError('out of range');
  t.equal(await rejectionOf(Promise.reject(error)), error);
});

t.test('fails when the promise resolves', async (t) => {
  await t.rejects(rejectionOf(Promise.resolve(42)), { message: 'expected a rejection, but the promise resolved to 42' });
});
