import t from 'tap';
import { OPERATOR_TOKEN, startManagementRuntime } from '../test-support/management-runtime.ts';

t.test('the operator token opens the whole management API, and nothing like it does', async (t) => {
  const { call, logs, base } = await startManagementRuntime(t);
  for (const [label, authorization] of [
    ['no token', undefined],
    ['a wrong token', 'not-the-operator-token'],
    ['a prefix of the token', OPERATOR_TOKEN.slice(0, -1)],
    ['the token and more', `${OPERATOR_TOKEN}x`],
    ['a JWT-shaped guess', 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.'],
  ] as const) {
    for (const [method, path] of [
      ['GET', '/v1/tenants'],
      ['POST', '/v1/tenants'],
      ['DELETE', '/v1/tenants/x'],
      ['GET', '/v1/participants'],
      ['POST', '/v1/participants/x/keypairs'],
      ['GET', '/v1/participants/x/assets'],
      ['POST', '/v1/tenants/x/tokens'],
    ] as const) {
      const refused = await call(method, path, authorization, method === 'GET' || method === 'DELETE' ? undefined : {});
      t.equal(refused.status, 401, `${label}: ${method} ${path} is 401`);
      t.equal(refused.headers.get('content-type'), 'application/problem+json');
      t.match(refused.headers.get('www-authenticate'), /^Bearer realm="tdss-management"/);
    }
  }
  const otherScheme = await fetch(`${base}/v1/tenants`, { headers: { authorization: `Basic ${OPERATOR_TOKEN}` } });
  t.equal(otherScheme.status, 401, 'another scheme with the right token is refused');
  t.equal((await call('GET', '/v1/tenants', OPERATOR_TOKEN)).status, 200, 'the operator token passes');
  t.equal((await call('GET', '/v1/participants', OPERATOR_TOKEN)).status, 200, 'and opens the control plane');
  t.equal((await call('GET', '/v1/participants/x/keypairs', OPERATOR_TOKEN)).status, 200, 'and the identity hub');
  const lowerCase = await fetch(`${base}/v1/tenants`, { headers: { authorization: `bearer ${OPERATOR_TOKEN}` } });
  t.equal(lowerCase.status, 200, 'the scheme is case-insensitive');
  t.equal((await call('GET', '/openapi.json', undefined)).status, 200, 'the OpenAPI document is public');
  t.notMatch(logs.text(), OPERATOR_TOKEN, 'the token is in no log line');
  t.notMatch(logs.text(), OPERATOR_TOKEN.slice(0, -1), 'nor the guesses');
});

t.test('without any way in, every management request is refused, saying how to configure one', async (t) => {
  const { call, logs } = await startManagementRuntime(t, {});
  for (const token of [undefined, OPERATOR_TOKEN]) {
    for (const path of ['/v1/tenants', '/v1/participants', '/v1/participants/acme/dids']) {
      const refused = await call('GET', path, token);
      t.equal(refused.status, 401);
      t.match(refused.body.detail, /TDSS_ADMIN_TOKEN.*adminToken.*oidc\.issuer.*oidc\.audience/);
      t.ok(refused.headers.get('www-authenticate'));
    }
  }
  t.equal((await call('POST', '/v1/tenants', OPERATOR_TOKEN, { id: 'acme', name: 'Acme' })).status, 401, 'nothing is created');
  t.ok(
    logs.lines.some((line) => line.level === 'warn' && /no way into the management API/.test(String(line.msg))),
    'start-up warns that the management API is closed',
  );
});
