/**
 * Two provisioned tenants, each with a token minted for it, attack each other through every
 * management API of the runtime: the tenant manager's, the control plane's and the identity hub's.
 * Another tenant's objects do not exist (404), the operator's collections are closed (403), and
 * nothing of the victim changes.
 */
import { HttpServer } from '@tdss/sdk';
import t from 'tap';
import { OPERATOR_TOKEN, startManagementRuntime } from './test-support/management-runtime.ts';

const asset = (id: string) => ({ '@id': id, properties: { name: id }, dataAddress: { type: 'HttpData', baseUrl: `https://data.example/${id}` } });
const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };

t.test('a tenant token reaches its own tenant and nothing else', async (t) => {
  const { call, activeTenant, mint, runtime } = await startManagementRuntime(t);
  await activeTenant('tenant-a');
  await activeTenant('tenant-b');
  const a = await mint('tenant-a');
  const b = await mint('tenant-b');
  const dsp = (id: string) => `${runtime.get(HttpServer).url('protocol')}/${id}/2025-1`;

  // The victim's objects, made by the victim with its own token.
  const own = async (token: string, id: string) => {
    t.equal((await call('POST', `/v1/participants/${id}/assets`, token, asset(`${id}-asset`))).status, 201, `${id} creates its asset`);
    t.equal((await call('POST', `/v1/participants/${id}/policydefinitions`, token, { '@id': `${id}-open`, policy: OPEN })).status, 201);
    const definition = { '@id': `${id}-all`, accessPolicyId: `${id}-open`, contractPolicyId: `${id}-open`, assetsSelector: [] };
    t.equal((await call('POST', `/v1/participants/${id}/contractdefinitions`, token, definition)).status, 201);
  };
  await own(a, 'tenant-a');
  await own(b, 'tenant-b');
  const bKey = (await call('GET', '/v1/participants/tenant-b/keypairs', b)).body[0];
  t.ok(bKey?.id, 'tenant-b sees its provisioned key pair');

  await t.test('the tenant API shows a tenant itself alone, read-only', async (t) => {
    const list = await call('GET', '/v1/tenants', a);
    t.equal(list.status, 200);
    t.same(list.body.map((tenant: { id: string }) => tenant.id), ['tenant-a'], 'the list holds its own tenant only');
    t.equal(list.headers.get('x-total-count'), '1');
    t.same((await call('GET', '/v1/tenants?name=tenant-b', a)).body, [], 'filters cannot find another tenant');
    t.equal((await call('GET', '/v1/tenants/tenant-a', a)).status, 200);
    for (const [method, path, body] of [
      ['GET', '/v1/tenants/tenant-b', undefined],
      ['PATCH', '/v1/tenants/tenant-b', { name: 'pwned' }],
      ['POST', '/v1/tenants/tenant-b/suspend', undefined],
      ['POST', '/v1/tenants/tenant-b/resume', undefined],
      ['DELETE', '/v1/tenants/tenant-b', undefined],
    ] as const) {
      t.equal((await call(method, path, a, body)).status, 404, `${method} ${path}: 404`);
    }
    for (const [method, path, body] of [
      ['POST', '/v1/tenants', { id: 'tenant-c', name: 'C' }],
      ['PATCH', '/v1/tenants/tenant-a', { name: 'renamed' }],
      ['POST', '/v1/tenants/tenant-a/suspend', undefined],
      ['DELETE', '/v1/tenants/tenant-a', undefined],
      ['POST', '/v1/tenants/tenant-a/tokens', {}],
      ['POST', '/v1/tenants/tenant-b/tokens', {}],
    ] as const) {
      t.equal((await call(method, path, a, body)).status, 403, `${method} ${path}: 403, the operator's`);
    }
    t.match((await call('GET', '/v1/tenants/tenant-b', OPERATOR_TOKEN)).body, { name: 'tenant-b', state: 'ACTIVE' }, 'tenant-b is untouched');
  });

  await t.test("the control plane: another participant's assets, policies, definitions, negotiations, agreements and transfers do not exist", async (t) => {
    for (const [method, path, body] of [
      ['GET', '/v1/participants/tenant-b', undefined],
      ['GET', '/v1/participants/tenant-b/assets', undefined],
      ['GET', '/v1/participants/tenant-b/assets/tenant-b-asset', undefined],
      ['POST', '/v1/participants/tenant-b/assets', asset('planted')],
      ['PUT', '/v1/participants/tenant-b/assets/tenant-b-asset', asset('tenant-b-asset')],
      ['DELETE', '/v1/participants/tenant-b/assets/tenant-b-asset', undefined],
      ['POST', '/v1/participants/tenant-b/assets/request', {}],
      ['GET', '/v1/participants/tenant-b/policydefinitions/tenant-b-open', undefined],
      ['DELETE', '/v1/participants/tenant-b/contractdefinitions/tenant-b-all', undefined],
      ['GET', '/v1/participants/tenant-b/contractnegotiations', undefined],
      ['POST', '/v1/participants/tenant-b/contractnegotiations', {}],
      ['GET', '/v1/participants/tenant-b/contractagreements', undefined],
      ['GET', '/v1/participants/tenant-b/transferprocesses', undefined],
      ['POST', '/v1/participants/tenant-b/transferprocesses', {}],
      ['POST', '/v1/participants/tenant-b/catalog/request', { counterpartyAddress: dsp('tenant-a'), counterpartyId: 'x' }],
      ['POST', '/v1/participants/tenant-b/deactivate', undefined],
      ['DELETE', '/v1/participants/tenant-b', undefined],
    ] as const) {
      const response = await call(method, path, a, body);
      t.equal(response.status, 404, `${method} ${path}: 404`);
      t.equal(response.body.detail, 'no such resource', 'the same answer whether the object exists or not');
    }
    for (const [method, path, body] of [
      ['GET', '/v1/participants', undefined],
      ['POST', '/v1/participants', { id: 'rogue', participantId: 'did:web:rogue.example' }],
      ['POST', '/v1/participants/tenant-a/deactivate', undefined],
      ['DELETE', '/v1/participants/tenant-a', undefined],
    ] as const) {
      t.equal((await call(method, path, a, body)).status, 403, `${method} ${path}: 403, the operator's`);
    }
    t.equal((await call('GET', '/v1/participants/tenant-a', a)).status, 200, 'its own participant context is readable');
    t.equal((await call('GET', '/v1/participants/tenant-b/assets/tenant-b-asset', b)).status, 200, "tenant-b's asset is still there");
    t.equal((await call('GET', '/v1/participants/tenant-b/assets', b)).body.length, 1, 'and nothing was planted');
    t.match((await call('GET', '/v1/participants/tenant-b', OPERATOR_TOKEN)).body, { state: 'ACTIVATED' });
  });

  await t.test("a negotiation between the two tenants stays each one's own", async (t) => {
    const bDid = (await call('GET', '/v1/tenants/tenant-b', b)).body.did as string;
    const catalog = await call('POST', '/v1/participants/tenant-a/catalog/request', a, { counterpartyAddress: dsp('tenant-b'), counterpartyId: bDid });
    t.equal(catalog.status, 200, "tenant-a reads tenant-b's catalog over DSP, as itself");
    const dataset = catalog.body.dataset.find((d: { '@id': string }) => d['@id'] === 'tenant-b-asset');
    const offer = dataset.hasPolicy[0];
    const requested = await call('POST', '/v1/participants/tenant-a/contractnegotiations', a, {
      counterPartyAddress: dsp('tenant-b'),
      counterPartyId: bDid,
      protocol: 'dataspace-protocol-http:2025-1',
      policy: { ...offer, '@type': 'Offer', target: 'tenant-b-asset', assigner: bDid },
    });
    t.equal(requested.status, 201, 'tenant-a starts a negotiation');
    const id = encodeURIComponent(requested.body['@id']);
    t.equal((await call('GET', `/v1/participants/tenant-a/contractnegotiations/${id}`, a)).status, 200);
    for (const path of [`/v1/participants/tenant-a/contractnegotiations/${id}`, '/v1/participants/tenant-a/contractnegotiations', `/v1/participants/tenant-a/transferprocesses/${id}`]) {
      t.equal((await call('GET', path, b)).status, 404, `tenant-b: GET ${path} is 404`);
    }
    t.equal((await call('POST', `/v1/participants/tenant-a/contractnegotiations/${id}/terminate`, b, { reason: 'sabotage' })).status, 404);
    t.not((await call('GET', `/v1/participants/tenant-a/contractnegotiations/${id}`, a)).body.state, 'TERMINATED', 'tenant-b could not terminate it');
  });

  await t.test("the identity hub: another participant's DIDs, key pairs, credentials and STS secret do not exist", async (t) => {
    t.equal((await call('GET', '/v1/participants/tenant-a/dids', a)).status, 200);
    for (const [method, path, body] of [
      ['GET', '/v1/participants/tenant-b/dids', undefined],
      ['GET', '/v1/participants/tenant-b/keypairs', undefined],
      ['GET', `/v1/participants/tenant-b/keypairs/${bKey.id}`, undefined],
      ['POST', '/v1/participants/tenant-b/keypairs', {}],
      ['POST', `/v1/participants/tenant-b/keypairs/${bKey.id}/revoke`, {}],
      ['POST', `/v1/participants/tenant-b/keypairs/${bKey.id}/rotate`, {}],
      ['GET', '/v1/participants/tenant-b/credentials', undefined],
      ['GET', '/v1/participants/tenant-b/credential-offers', undefined],
      ['PUT', '/v1/participants/tenant-b/sts/client-secret', { clientSecret: 'x'.repeat(32) }],
      ['DELETE', '/v1/participants/tenant-b/sts/client-secret', undefined],
    ] as const) {
      t.equal((await call(method, path, a, body)).status, 404, `${method} ${path}: 404`);
    }
    const keys = (await call('GET', '/v1/participants/tenant-b/keypairs', b)).body as Array<{ id: string; state: string }>;
    t.same(keys.map((k) => [k.id, k.state]), [[bKey.id, bKey.state]], "tenant-b's key pairs are as they were");
  });
});
