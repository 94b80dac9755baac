import type { Context } from 'koa';
import t from 'tap';
import { ProblemError } from '../errors.ts';
import { hasRole, type Principal, requireRole, requireUnscoped, roleFor, scopedTenant, setPrincipal, tenantScoped, tenantScopeOf } from './management-access.ts';

const principal = (roles: Principal['roles'], tenant?: string): Principal => ({ subject: 's', roles, ...(tenant ? { tenant } : {}), method: 'oidc' });

/** Just enough of a koa context for the helpers: state, method and route params. */
function context(method: string, params: Record<string, string>, who?: Principal): Context {
  const ctx = { state: {}, method, params } as unknown as Context;
  if (who) setPrincipal(ctx, who);
  return ctx;
}

/** The status of the ProblemError `fn` throws; 0 when it throws none. */
function statusOf(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (error) {
    if (error instanceof ProblemError) return error.status;
    throw error;
  }
}

async function run(middleware: ReturnType<typeof tenantScoped>, ctx: Context): Promise<number> {
  let reached = false;
  try {
    await middleware(ctx, async () => {
      reached = true;
    });
  } catch (error) {
    if (error instanceof ProblemError) return error.status;
    throw error;
  }
  return reached ? 200 : 0;
}

t.test('roles: reads need viewer, everything else operator, and operator includes viewer', async (t) => {
  t.same(['GET', 'head', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'].map(roleFor), ['viewer', 'viewer', 'viewer', 'operator', 'operator', 'operator', 'operator']);
  t.ok(hasRole(principal(['operator']), 'viewer'));
  t.notOk(hasRole(principal(['viewer']), 'operator'));
  t.notOk(hasRole(principal([]), 'viewer'));
  t.equal(statusOf(() => requireRole(context('GET', {}, principal(['viewer'])), 'operator')), 403, 'a viewer is not an operator');
  t.doesNotThrow(() => requireRole(context('GET', {}), 'operator'), 'no principal: a runtime without ManagementAccess');
  t.equal(statusOf(() => requireUnscoped(context('POST', {}, principal(['operator'], 'acme')))), 403, 'tenant-scoped credentials are refused');
  t.equal(scopedTenant(context('GET', {}, principal(['viewer'], 'acme'))), 'acme');
});

t.test('tenantScoped declares itself and checks again where it runs', async (t) => {
  const scoped = tenantScoped('pc', { methods: ['get'] });
  t.same(tenantScopeOf(scoped), { param: 'pc', methods: ['GET'] }, 'the declaration the HTTP plugin reads');
  t.same(tenantScopeOf(tenantScoped()), {});
  t.equal(tenantScopeOf(() => undefined), undefined);
  t.equal(await run(scoped, context('GET', { pc: 'acme' }, principal(['operator'], 'acme'))), 200, 'its own tenant');
  t.equal(await run(scoped, context('GET', { pc: 'globex' }, principal(['operator'], 'acme'))), 404, "another tenant's");
  t.equal(await run(scoped, context('DELETE', { pc: 'acme' }, principal(['operator'], 'acme'))), 403, 'a method not declared');
  t.equal(await run(scoped, context('DELETE', { pc: 'globex' }, principal(['operator']))), 200, 'unscoped principals are not its business');
  t.equal(await run(scoped, context('GET', { pc: 'globex' })), 200, 'nor requests without a principal');
});
