/**
 * The operator's path through the embedded default: with TDSS_ADMIN_TOKEN set, a tenant created
 * through the tenant API is provisioned (DID, participant context, secret) and turns ACTIVE.
 */
import { randomBytes } from 'node:crypto';
import { launch } from '@tdss/runtime';
import { createTempDir } from '@tdss/testing';
import t from 'tap';

process.env.TDSS_SECRETS_KEY ??= randomBytes(32).toString('base64');

t.test('an operator provisions a tenant in the all-in-one runtime', async (t) => {
  const token = randomBytes(24).toString('hex');
  const dataDir = await createTempDir(t, 'tdss-e2e-');
  const tdss = await launch('all-in-one', { env: { ...process.env, TDSS_PORT: '0', TDSS_ADMIN_TOKEN: token }, runtime: { dataDir, logLevel: 'silent' } });
  await tdss.start();
  t.teardown(() => tdss.stop());
  const tenants = `${tdss.url('management')}/v1/tenants`;
  const call = (url: string, init: RequestInit = {}, bearer = token) =>
    fetch(url, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...init.headers } });

  t.equal((await call(tenants, {}, 'not-the-token-at-all')).status, 401, 'a wrong operator token is refused');
  const created = await call(tenants, { method: 'POST', body: JSON.stringify({ id: 'acme', name: 'Acme' }) });
  t.equal(created.status, 201);
  t.match(await created.json(), { id: 'acme', state: 'PROVISIONING' });

  let tenant: { state: string; did?: string } = { state: 'PROVISIONING' };
  for (let i = 0; i < 300 && tenant.state === 'PROVISIONING'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    tenant = (await (await call(`${tenants}/acme`)).json()) as typeof tenant;
  }
  t.equal(tenant.state, 'ACTIVE', 'provisioning completes');
  const participant = await call(`${tdss.url('management')}/v1/participants/acme`);
  t.match(await participant.json(), { id: 'acme', state: 'ACTIVATED', participantId: /^did:web:/ }, 'its participant context carries its DID');
  t.equal((await fetch(`${tdss.url('protocol')}/acme/.well-known/dspace-version`)).status, 200, 'it speaks DSP');
});
