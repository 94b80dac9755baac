import Router, { type RouterContext } from '@koa/router';
import { type AnyPlugin, definePlugin, ManagementAccess, type ManagementRole, type Principal, principalOf, tenantScoped, unauthenticated } from '@tdss/sdk';
import t from 'tap';
import { isLoopback } from './access/refuse-open-management.ts';
import { routesPlugin, startHttp, waitFor } from './test-support/http-test-kit.ts';

/** Credentials of the form `Bearer <role>[:<tenant>]`, standing in for a real provider. */
const fakeAccess: AnyPlugin = definePlugin({
  name: 'test-management-access',
  version: '0.0.0',
  provides: [ManagementAccess],
  register(ctx) {
    ctx.provide(ManagementAccess, {
      async authenticate(authorization): Promise<Principal> {
        const match = /^Bearer (operator|viewer|none)(?::(\S+))?$/.exec(authorization ?? '');
        if (!match) throw unauthenticated('send test credentials');
        const roles: ManagementRole[] = match[1] === 'none' ? [] : [match[1] as ManagementRole];
        return { subject: match[0], roles, ...(match[2] ? { tenant: match[2] } : {}), method: 'oidc' };
      },
    });
  },
});

const echo = (ctx: RouterContext) => {
  ctx.body = { principal: principalOf(ctx) ?? null, body: ctx.request.body ?? null };
};

function managementRouters(): Router[] {
  // A participant's subtree: open to its own tenant.
  const things = new Router({ prefix: '/v1/participants/:pc/things' });
  things.use(tenantScoped('pc'));
  things.get('/', echo);
  things.post('/', echo);
  // Participants themselves: a tenant reads its own; the list and deletion stay the operator's.
  const participants = new Router({ prefix: '/v1/participants' });
  participants.use('/:pc', tenantScoped('pc', { methods: ['GET', 'HEAD'] }));
  participants.get('/', echo);
  participants.get('/:pc', echo);
  participants.delete('/:pc', echo);
  // A list that narrows itself to the caller's tenant.
  const tenants = new Router();
  tenants.get('/v1/tenants', tenantScoped(), echo);
  // Nothing declared: operators only.
  const secrets = new Router();
  secrets.get('/v1/secrets', echo);
  return [things, participants, tenants, secrets];
}

function protocolRouter(): Router {
  const router = new Router();
  router.get('/ping', (ctx) => {
    ctx.body = { principal: principalOf(ctx) ?? null };
  });
  return router;
}

const routes = () =>
  routesPlugin('test-routes', [
    ...managementRouters().map((router) => ({ context: 'management', router })),
    { context: 'protocol', router: protocolRouter() },
  ]);

t.test('every management request is authenticated before any router or body parser runs', async (t) => {
  const { url, logs } = await startHttp(t, { plugins: [fakeAccess, routes()] });
  const call = (path: string, init: RequestInit = {}) => fetch(`${url('management')}${path}`, init);

  const anonymous = await call('/v1/participants/a/things');
  t.equal(anonymous.status, 401);
  t.equal(anonymous.headers.get('content-type'), 'application/problem+json');
  t.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="tdss-management"', 'the challenge is sent');
  const malformed = await call('/v1/participants/a/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"broken' });
  t.equal(malformed.status, 401, 'an unauthenticated body is not even parsed (401, not 400)');
  t.equal((await call('/no-such-route')).status, 401, 'unknown paths do not tell anonymous callers what exists');
  t.equal((await call('/openapi.json')).status, 200, 'the OpenAPI document stays public');

  const operator = await call('/v1/participants/a/things', { headers: { authorization: 'Bearer operator' } });
  t.equal(operator.status, 200);
  t.match(await operator.json(), { principal: { subject: 'Bearer operator', roles: ['operator'], method: 'oidc' } }, 'routes see the principal');
  const protocol = await fetch(`${url('protocol')}/ping`);
  t.same(await protocol.json(), { principal: null }, 'other contexts are not the guard\'s business');
  await fetch(`${url('management')}/v1/participants/a/things`, { headers: { authorization: 'Bearer viewer:a' } });
  const accessLines = () => logs.lines.filter((line) => line.msg === 'request' && line.method === 'GET' && line.path === '/management/v1/participants/a/things');
  await waitFor(() => accessLines().length === 3);
  t.match(accessLines().map((line) => [line.status, line.subject, line.auth, line.tenantScope]), [
    [401, undefined, undefined, undefined],
    [200, 'Bearer operator', 'oidc', undefined],
    [200, 'Bearer viewer:a', 'oidc', 'a'],
  ], 'the access log says who made each request');
});

t.test('a viewer reads everything and changes nothing; credentials without a role open nothing', async (t) => {
  const { url } = await startHttp(t, { plugins: [fakeAccess, routes()] });
  const call = (method: string, path: string, token: string) =>
    fetch(`${url('management')}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
  for (const path of ['/v1/participants', '/v1/participants/a', '/v1/participants/a/things', '/v1/secrets']) {
    t.equal((await call('GET', path, 'viewer')).status, 200, `viewer GET ${path}`);
    t.equal((await call('HEAD', path, 'viewer')).status, 200, `viewer HEAD ${path}`);
  }
  const write = await call('POST', '/v1/participants/a/things', 'viewer');
  t.equal(write.status, 403);
  t.match(await write.json(), { detail: /needs the management role operator/ });
  t.equal((await call('DELETE', '/v1/participants/a', 'viewer')).status, 403);
  t.equal((await call('GET', '/v1/secrets', 'none')).status, 403, 'no role, no access');
  t.equal((await call('DELETE', '/v1/participants/a', 'operator')).status, 200, 'the operator may do anything');
});

t.test('a tenant-scoped principal is denied by default and reaches declared routes of its own tenant only', async (t) => {
  const { url } = await startHttp(t, { plugins: [fakeAccess, routes()] });
  const call = (method: string, path: string, token = 'operator:a') =>
    fetch(`${url('management')}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });

  t.equal((await call('GET', '/v1/participants/a/things')).status, 200, 'its own subtree');
  t.equal((await call('POST', '/v1/participants/a/things')).status, 200, 'its own subtree, writing (role operator within the tenant)');
  t.equal((await call('GET', '/v1/participants/a')).status, 200, 'its own participant');
  t.equal((await call('GET', '/v1/tenants')).status, 200, 'a list that narrows itself');

  for (const [method, path] of [
    ['GET', '/v1/participants/b/things'],
    ['POST', '/v1/participants/b/things'],
    ['GET', '/v1/participants/b'],
    ['DELETE', '/v1/participants/b'],
    ['GET', '/v1/participants/A/things'],
    ['GET', '/v1/participants/a%2F..%2Fb/things'],
  ] as const) {
    const response = await call(method, path);
    t.equal(response.status, 404, `${method} ${path}: another tenant's objects do not exist`);
  }
  t.equal((await call('GET', '/v1/participants/%61/things')).status, 200, 'percent-encoding of its own id is still its own id');
  t.equal((await call('DELETE', '/v1/participants/a')).status, 403, 'a declared route, but not for this method');
  t.equal((await call('GET', '/v1/participants')).status, 403, 'the operator\'s list');
  t.equal((await call('GET', '/v1/secrets')).status, 403, 'an undeclared route');
  t.equal((await call('POST', '/v1/participants/a/things', 'viewer:a')).status, 403, 'a tenant viewer reads only');
  t.equal((await call('GET', '/v1/participants/a/things', 'viewer:a')).status, 200);
});

t.test('without a ManagementAccess provider the management API stays on loopback', async (t) => {
  const open = await startHttp(t, { plugins: [routes()] });
  t.equal((await fetch(`${open.url('management')}/v1/secrets`)).status, 200, 'loopback: unauthenticated, as in tests');

  const exposed = startHttp(t, { settings: { host: '0.0.0.0' }, plugins: [routes()] });
  await t.rejects(exposed, { message: /management API would listen on 0\.0\.0\.0:\d+ without authentication/ }, 'a network interface refuses to start');
  const error = (await exposed.then(
    () => undefined,
    (e: unknown) => e,
  )) as { cause?: { hint?: string } } | undefined;
  t.match(error?.cause?.hint, /@tdss\/management-auth.*TDSS_ADMIN_TOKEN/, 'the hint says what to add');

  const managementOnLoopback = await startHttp(t, { settings: { host: '0.0.0.0', contexts: { management: { host: '127.0.0.1' } } }, plugins: [routes()] });
  t.ok(managementOnLoopback.url('protocol'), 'other contexts may be public while management stays on loopback');
  const guarded = await startHttp(t, { settings: { host: '0.0.0.0' }, plugins: [fakeAccess, routes()] });
  t.equal((await fetch(`${guarded.url('management')}/v1/secrets`)).status, 401, 'with a provider, any interface is fine');
});

t.test('loopback addresses', async (t) => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) t.ok(isLoopback(host), host);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.10', 'example.com', '128.0.0.1']) t.notOk(isLoopback(host), host);
});
