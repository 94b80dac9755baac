import t from 'tap';
import { currentRequestScope, runInRequestScope, setRequestTenant } from './request-context.ts';

t.test('the scope follows the work across awaits and stays out of other work', async (t) => {
  t.equal(currentRequestScope(), undefined);
  const seen = await Promise.all([
    runInRequestScope({ requestId: 'r1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      setRequestTenant('t1');
      await Promise.resolve();
      return currentRequestScope();
    }),
    runInRequestScope({ requestId: 'r2' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestScope();
    }),
  ]);
  t.same(seen, [{ requestId: 'r1', tenantId: 't1' }, { requestId: 'r2' }]);
  t.equal(currentRequestScope(), undefined);
});

t.test('setting a tenant outside any request does nothing', async (t) => {
  setRequestTenant('nobody');
  t.equal(currentRequestScope(), undefined);
});

t.test('runInRequestScope returns what the function returns', async (t) => {
  t.equal(runInRequestScope({ requestId: 'r' }, () => 42), 42);
});
