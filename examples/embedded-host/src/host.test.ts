import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t from 'tap';
import { createHost } from './host.ts';

process.env.TDSS_SECRETS_KEY = randomBytes(32).toString('base64');
const operatorToken = randomBytes(24).toString('hex');
const authorization = `Bearer ${operatorToken}`;

await forEachDialect(t, 'a Koa host serves TDSS under /tdss from its own port', async (t, _dialect, store) => {
  const dataDir = await createTempDir(t, 'tdss-host-');
  // The host listens first: TDSS builds its URLs on the host's address.
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { app, tdss } = await createHost({ publicUrl: base, env: { ...process.env, TDSS_ADMIN_TOKEN: operatorToken }, runtime: { dataDir, logLevel: 'silent' }, settings: { '@tdss/store-sql': store } });
  server.on('request', app.callback());

  const early = await fetch(`${base}/tdss/management/anything`);
  t.equal(early.status, 503, 'TDSS answers 503 until it is ready');
  t.equal(early.headers.get('content-type'), 'application/problem+json');

  await tdss.start();
  t.teardown(() => tdss.stop());

  t.match(await (await fetch(`${base}/`)).json(), { app: 'embedded-host example' }, "the host's own route");
  const ready = await fetch(`${base}/tdss/health/ready`);
  t.equal(ready.status, 200, "TDSS's readiness through the mount path");
  t.equal((await fetch(`${base}/tdss/management/v1/participants`)).status, 401, 'the management API needs the operator token');
  const missing = await fetch(`${base}/tdss/management/no-such-route`, { headers: { authorization } });
  t.equal(missing.status, 404);
  t.equal(missing.headers.get('content-type'), 'application/problem+json');
  t.equal((await fetch(`${base}/elsewhere`)).status, 404, 'paths outside the mount stay the host’s');
  t.equal(tdss.url('management'), `${base}/tdss/management`, "TDSS's URLs are the host's");
  const did = await fetch(`${base}/tdss/management/v1/participants/acme/keypairs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: '{}' });
  t.equal(did.status, 201, 'a participant gets a key pair and a did:web on the host');
  const [record] = (await (await fetch(`${base}/tdss/management/v1/participants/acme/dids`, { headers: { authorization } })).json()) as Array<{ did: string }>;
  t.equal((await fetch(`${base}/tdss/identity/acme/did.json`)).status, 200, `${record?.did} resolves through the host`);
});
