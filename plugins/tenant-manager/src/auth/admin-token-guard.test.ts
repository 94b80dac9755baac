import { join } from 'node:path';
import { createTempDir } from '@tdss/testing';
import t, { type Test } from 'tap';
import { ADMIN_TOKEN, startTenantRuntime } from '../test-support/tenant-runtime.ts';

const sqlite = async (t: Test) => ({ dialect: 'sqlite' as const, file: join(await createTempDir(t, 'tdss-tm-'), 'test.sqlite') });

t.test('the operator token guards the tenant API and nothing else', async (t) => {
  const { server, api } = await startTenantRuntime(t, await sqlite(t));
  for (const [label, headers] of [
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-operator-token' }],
    ['a prefix of the token', { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }],
  ] as const) {
    const refused = await api('GET', '', undefined, headers);
    t.equal(refused.status, 401, `${label}: 401`);
    t.equal(refused.headers.get('content-type'), 'application/problem+json');
    t.notMatch(JSON.stringify(refused.body), ADMIN_TOKEN, 'the token is not echoed');
    t.equal((await api('POST', '', { name: 'x' }, headers)).status, 401, `${label}: nothing is created`);
    t.equal((await api('DELETE', '/x', undefined, headers)).status, 401);
  }
  t.equal((await api('GET', '', undefined, { authorization: `bearer ${ADMIN_TOKEN}` })).status, 200, 'the scheme is case-insensitive');
  t.equal((await api('GET')).status, 200, 'the operator token passes');
  const participants = await fetch(`${server.url('management')}/v1/participants`);
  t.equal(participants.status, 200, 'other management routes are not the guard\'s business');
});

t.test('without a configured token every tenant request is refused, saying how to set it', async (t) => {
  const { api } = await startTenantRuntime(t, await sqlite(t), { adminToken: null });
  for (const headers of [{}, { authorization: `Bearer ${ADMIN_TOKEN}` }] as Record<string, string>[]) {
    const refused = await api('GET', '', undefined, headers);
    t.equal(refused.status, 401);
    t.match(refused.body.detail, /TDSS_ADMIN_TOKEN.*adminToken/);
  }
  t.equal((await api('POST', '/acme/suspend')).status, 401);
});
