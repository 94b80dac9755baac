/**
 * The embedded default end to end: two tenants of one all-in-one runtime, each with a did:web
 * identity from the identity hub, exchange a DSP catalog request that DCP authenticates.
 */
import { randomBytes } from 'node:crypto';
import { launch } from '@tdss/runtime';
import { createTempDir } from '@tdss/testing';
import t from 'tap';

process.env.TDSS_SECRETS_KEY ??= randomBytes(32).toString('base64');
const operatorToken = randomBytes(24).toString('hex');
const authorization = `Bearer ${operatorToken}`;

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });

t.test('two tenants of the all-in-one runtime talk DSP, authenticated with DCP', async (t) => {
  const dataDir = await createTempDir(t, 'tdss-e2e-');
  const tdss = await launch('all-in-one', { env: { ...process.env, TDSS_PORT: '0', TDSS_ADMIN_TOKEN: operatorToken }, runtime: { dataDir, logLevel: (process.env.E2E_LOG ?? 'silent') as 'silent' } });
  await tdss.start();
  t.teardown(() => tdss.stop());
  const management = `${tdss.url('management')}/v1/participants`;

  const onboard = async (id: string) => {
    t.equal((await post(`${management}/${id}/keypairs`, {})).status, 201, `${id} gets a key pair and a DID`);
    const [did] = (await (await fetch(`${management}/${id}/dids`, { headers: { authorization } })).json()) as Array<{ did: string }>;
    t.match(did?.did, /^did:web:127\.0\.0\.1%3A\d+:identity:/, `${id} has a did:web`);
    t.equal((await post(management, { id, participantId: did!.did })).status, 201, `${id} becomes a participant context`);
    return did!.did;
  };
  const providerDid = await onboard('provider');
  await onboard('consumer');

  t.equal((await post(`${management}/provider/assets`, { '@id': 'weather', properties: { name: 'Weather' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:1/data' } })).status, 201);
  t.equal((await post(`${management}/provider/policydefinitions`, { '@id': 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } })).status, 201);
  t.equal(
    (await post(`${management}/provider/contractdefinitions`, { '@id': 'all', accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: [] })).status,
    201,
  );

  const dspBase = `${tdss.url('protocol')}/provider/2025-1`;
  const catalog = await post(`${management}/consumer/catalog/request`, { counterpartyAddress: dspBase, counterpartyId: providerDid });
  t.equal(catalog.status, 200, 'the consumer gets the provider catalog through DSP');
  if (catalog.status !== 200) t.comment(JSON.stringify(await catalog.clone().json()));
  const body = (await catalog.json()) as { participantId: string; dataset: Array<{ '@id': string; hasPolicy: unknown[] }> };
  t.equal(body.participantId, providerDid);
  t.same(body.dataset.map((d) => d['@id']), ['weather']);
  t.equal(body.dataset[0]!.hasPolicy.length, 1, 'with its offer');

  const anonymous = await post(`${dspBase}/catalog/request`, { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' });
  t.equal(anonymous.status, 401, 'a DSP request without a DCP token is refused');
  const forged = await fetch(`${dspBase}/catalog/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.` },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
  });
  t.equal(forged.status, 401, 'an unsigned token is refused');
});
