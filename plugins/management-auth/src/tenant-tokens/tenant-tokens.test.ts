import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { RUNTIME_SCOPE, SecretStore } from '@tdss/sdk';
import t from 'tap';
import { OPERATOR_TOKEN, startManagementRuntime } from '../test-support/management-runtime.ts';
import { TENANT_TOKEN_KEY } from './tenant-token-key.ts';
import { TENANT_TOKEN_AUDIENCE, TENANT_TOKEN_ISSUER } from './tenant-tokens.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('the operator mints short-lived tokens scoped to one tenant', async (t) => {
  const { call, activeTenant, mint, runtime, logs } = await startManagementRuntime(t, {
    adminToken: OPERATOR_TOKEN,
    tenantTokens: { defaultTtlSeconds: 120, maxTtlSeconds: 600 },
  });
  await activeTenant('acme');
  const minted: string[] = [];

  await t.test('what a minted token is', async (t) => {
    const before = Math.floor(Date.now() / 1000);
    const response = await call('POST', '/v1/tenants/acme/tokens', OPERATOR_TOKEN);
    t.equal(response.status, 201, 'a body is optional');
    t.equal(response.headers.get('cache-control'), 'no-store', 'no cache keeps the credential');
    t.match(response.body, { tenantId: 'acme', roles: ['operator'], tokenType: 'Bearer', expiresIn: 120, expiresAt: String });
    const token = response.body.token as string;
    minted.push(token);
    t.match(decodeProtectedHeader(token), { alg: 'HS256' });
    const claims = decodeJwt(token);
    t.match(claims, { iss: TENANT_TOKEN_ISSUER, aud: TENANT_TOKEN_AUDIENCE, sub: 'tenant:acme', tenant: 'acme', roles: ['operator'] });
    t.ok(claims.exp! - before >= 119 && claims.exp! - before <= 121, 'it lives the default lifetime');
    t.equal(typeof claims.jti, 'string');
    t.equal((await call('GET', '/v1/participants/acme/assets', token)).status, 200, 'it opens its tenant');

    const viewer = await call('POST', '/v1/tenants/acme/tokens', OPERATOR_TOKEN, { ttlSeconds: 60, roles: ['viewer'] });
    t.match(viewer.body, { roles: ['viewer'], expiresIn: 60 });
    minted.push(viewer.body.token);
    t.equal((await call('GET', '/v1/participants/acme/assets', viewer.body.token)).status, 200);
    const write = await call('POST', '/v1/participants/acme/assets', viewer.body.token, { '@id': 'x', dataAddress: { type: 'HttpData', baseUrl: 'https://x.example' } });
    t.equal(write.status, 403, 'a viewer token of the tenant cannot create an asset');
  });

  await t.test('bad requests and unknown tenants', async (t) => {
    t.equal((await call('POST', '/v1/tenants/nobody/tokens', OPERATOR_TOKEN, {})).status, 404, 'no token for a tenant that does not exist');
    for (const body of [{ ttlSeconds: 0 }, { ttlSeconds: 601 }, { ttlSeconds: '60' }, { ttlSeconds: 1.5 }, { roles: [] }, { roles: ['root'] }, { tenant: 'other' }, []]) {
      const refused = await call('POST', '/v1/tenants/acme/tokens', OPERATOR_TOKEN, body);
      t.equal(refused.status, 400, `${JSON.stringify(body)} is 400`);
      t.equal(refused.body.token, undefined);
    }
  });

  await t.test('who may mint', async (t) => {
    const tenant = await mint('acme');
    minted.push(tenant);
    t.equal((await call('POST', '/v1/tenants/acme/tokens', tenant, {})).status, 403, 'a tenant cannot mint, not even for itself');
    t.equal((await call('POST', '/v1/tenants/acme/tokens', undefined, {})).status, 401, 'nobody without credentials');
  });

  await t.test('expired, forged, and terminated-tenant tokens are 401', async (t) => {
    const shortLived = await mint('acme', { ttlSeconds: 1 });
    minted.push(shortLived);
    t.equal((await call('GET', '/v1/participants/acme/assets', shortLived)).status, 200);
    await sleep(2_100);
    const expired = await call('GET', '/v1/participants/acme/assets', shortLived);
    t.equal(expired.status, 401, 'expired');
    t.match(expired.headers.get('www-authenticate'), /invalid_token/);

    // Right issuer and audience, signed with a key that is not the runtime's.
    const claims = { tenant: 'acme', roles: ['operator'] };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TENANT_TOKEN_ISSUER)
      .setAudience(TENANT_TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-guessed-secret-of-32-bytes!!!!'));
    t.equal((await call('GET', '/v1/participants/acme/assets', forged)).status, 401, 'signed with another key');
    const valid = await mint('acme');
    minted.push(valid);
    const [header, , signature] = valid.split('.');
    const retargeted = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(valid), tenant: 'globex' })).toString('base64url')}.${signature}`;
    t.equal((await call('GET', '/v1/participants/globex/assets', retargeted)).status, 401, 'the tenant claim changed');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${valid.split('.')[1]}.`;
    t.equal((await call('GET', '/v1/participants/acme/assets', unsigned)).status, 401, 'alg none');

    await activeTenant('doomed');
    const doomed = await mint('doomed');
    minted.push(doomed);
    t.equal((await call('GET', '/v1/participants/doomed/assets', doomed)).status, 200);
    t.equal((await call('DELETE', '/v1/tenants/doomed', OPERATOR_TOKEN)).status, 202, 'the operator terminates the tenant');
    t.equal((await call('GET', '/v1/tenants/doomed', doomed)).status, 401, "from then on the tenant's tokens open nothing");
    t.equal((await call('POST', '/v1/tenants/doomed/tokens', OPERATOR_TOKEN, {})).status, 404, 'and none is minted for it');
  });

  await t.test('neither the tokens nor the signing key reach a log line; the key stays in the secret store', async (t) => {
    const key = await runtime.get(SecretStore).get(RUNTIME_SCOPE, TENANT_TOKEN_KEY);
    t.ok(key && key.length >= 43, 'a 256-bit key, kept in the secret store');
    const text = logs.text();
    t.notOk(text.includes(key!), 'the key is not logged');
    for (const token of minted) t.notOk(text.includes(token.split('.')[2]!), 'no minted token is logged');
    t.notOk(text.includes(OPERATOR_TOKEN), 'nor the operator token');
  });
});
