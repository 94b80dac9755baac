/**
 * Signaling authentication, tried as an attacker. Two providers each register a data plane of
 * their own by URL with a bearer token; the data planes accept nothing without it, and call back
 * with the token the control plane gave them. A forged callback (no token, a made-up one) is a
 * 401 and moves nothing; provider A's data plane, with its valid token, cannot complete provider
 * B's transfer (404: to it the transfer does not exist). B's data plane completes its own.
 * Tokens are kept in the secret store: not in any row, not in an answer.
 */
import { randomBytes } from 'node:crypto';
import { createDataPlane, createMemoryDataFlowStore, serveDataPlane } from '@tdss/dataplane-sdk';
import { Database, HttpServer } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import { forEachDialect, startTestRuntime } from '@tdss/testing';
import t, { type Test } from 'tap';
import { ContractAgreements, ParticipantContexts } from '../tokens.ts';
import { agreement, providerProcessOf, transferPlugins, waitForState } from '../transfer-process/test-support/transfer-test-kit.ts';
import { TransferProcesses } from '../transfer-process/transfer-process-tokens.ts';

const PROFILE = 'Secure-PULL';
const CONSUMER = 'did:web:consumer.example';
const PROVIDERS = { a: 'did:web:provider-a.example', b: 'did:web:provider-b.example' } as const;
const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A provider's own data plane on loopback that wants `token`; its store shows what the control plane registered with it. */
async function securedPlane(t: Test, id: string, token: string) {
  const store = createMemoryDataFlowStore();
  const plane = createDataPlane({
    id,
    transferTypes: [{ profile: PROFILE, flow: 'PULL' }],
    store,
    signalingToken: token,
    onStart: async (flow) => ({ dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: `https://${id}.example/flows/${flow.id}` } }),
  });
  const served = await serveDataPlane({ routes: [{ path: '/signaling', router: plane.router }] });
  t.teardown(() => served.close());
  return { plane, store, endpoint: `${served.url}/signaling` };
}

await forEachDialect(t, 'signaling authentication against forged and foreign callbacks', async (t, _dialect, store) => {
  const keyEnv = `TDSS_TEST_SIGNALING_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  t.teardown(() => void delete process.env[keyEnv]);
  const runtime = await startTestRuntime(t, { name: 'signaling-auth', plugins: [...transferPlugins({ store }), { plugin: secretsLocal, settings: { keyEnv } }] });
  const contexts = runtime.get(ParticipantContexts);
  await contexts.create({ id: 'consumer', participantId: CONSUMER });
  for (const [key, did] of Object.entries(PROVIDERS)) await contexts.create({ id: `provider-${key}`, participantId: did });
  const server = runtime.get(HttpServer);
  const management = server.url('management');
  const signaling = server.url('signaling');
  const protocol = server.url('protocol');
  const transfers = runtime.get(TransferProcesses);

  const tokens = { a: `signal-a-${randomBytes(16).toString('hex')}`, b: `signal-b-${randomBytes(16).toString('hex')}` };
  const planes = { a: await securedPlane(t, 'plane-a', tokens.a), b: await securedPlane(t, 'plane-b', tokens.b) };
  for (const key of ['a', 'b'] as const) {
    const res = await fetch(`${management}/v1/participants/provider-${key}/dataplanes`, json('PUT', { dataplaneId: `plane-${key}`, endpoint: planes[key].endpoint, profiles: [PROFILE], authorization: { type: 'bearer', token: tokens[key] } }));
    const text = await res.text();
    t.equal(res.status, 200, `provider ${key} registers its data plane`);
    t.notMatch(text, tokens[key], 'the answer does not return the token');
  }
  const odd = await fetch(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: 'odd', endpoint: 'http://127.0.0.1:9/x', profiles: [PROFILE], authorization: { type: 'oauth2-client-credentials' } }));
  t.equal(odd.status, 400, 'an authorization profile that is not supported');
  await odd.arrayBuffer();

  const callbackToken = async (key: 'a' | 'b') => {
    const registration = (await planes[key].store.controlPlanes!.list()).at(-1);
    return (registration?.authorization as { token?: string } | undefined)?.token;
  };
  const tokenA = await callbackToken('a');
  t.ok(tokenA && tokenA !== (await callbackToken('b')), 'each data plane was given a callback token of its own');

  const transferFrom = async (key: 'a' | 'b') => {
    const id = `agr-${key}`;
    await runtime.get(ContractAgreements).create(`provider-${key}`, agreement(id, PROVIDERS[key], CONSUMER, `asset-${key}`));
    await runtime.get(ContractAgreements).create('consumer', agreement(id, PROVIDERS[key], CONSUMER, `asset-${key}`));
    const consumer = await transfers.request('consumer', { counterpartyAddress: `${protocol}/provider-${key}/2025-1`, agreementId: id, transferType: PROFILE });
    const started = await waitForState(transfers, 'consumer', consumer.id, 'STARTED');
    t.match(started.dataAddress?.endpoint, new RegExp(`plane-${key}\\.example`), `the control plane signalled plane ${key} with its token`);
    return { consumer, provider: await providerProcessOf(transfers, `provider-${key}`, consumer.id) };
  };
  const a = await transferFrom('a');
  const b = await transferFrom('b');

  const complete = (transferId: string, headers: Record<string, string>) =>
    fetch(`${signaling}/transfers/${encodeURIComponent(transferId)}/dataflow/completed`, json('POST', { messageId: randomBytes(8).toString('hex'), dataFlowId: transferId, state: 'COMPLETED' }, headers));

  for (const [what, headers] of [
    ['no token', {}],
    ['a made-up token', { authorization: `Bearer ${randomBytes(32).toString('base64url')}` }],
    ['the data plane\'s signaling token', { authorization: `Bearer ${tokens.b}` }],
  ] as const) {
    const res = await complete(b.provider.id, headers);
    t.equal(res.status, 401, `a forged callback with ${what} is refused`);
    t.equal(res.headers.get('content-type'), 'application/problem+json');
    await res.arrayBuffer();
  }
  const terminate = await fetch(`${signaling}/transfers/${encodeURIComponent(b.provider.id)}/dataflow/errored`, json('POST', { messageId: 'x', dataFlowId: b.provider.id, state: 'STARTED', error: 'forged' }));
  t.equal(terminate.status, 401, 'a forged error cannot terminate it either');
  await terminate.arrayBuffer();

  const foreign = await complete(b.provider.id, { authorization: `Bearer ${tokenA}` });
  t.equal(foreign.status, 404, 'provider A\'s data plane cannot signal about provider B\'s transfer');
  t.equal(foreign.headers.get('content-type'), 'application/problem+json');
  await foreign.arrayBuffer();
  const consumerSide = await complete(a.consumer.id, { authorization: `Bearer ${tokenA}` });
  t.equal(consumerSide.status, 404, 'nor about a transfer without its data flow');
  await consumerSide.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal((await transfers.get('provider-b', b.provider.id)).state, 'STARTED', 'B\'s transfer did not move');
  t.equal((await transfers.get('provider-a', a.provider.id)).state, 'STARTED', 'nor A\'s');

  // B's data plane finishes: its callback carries its own token and completes the transfer on both sides.
  await planes.b.plane.completed(b.provider.id);
  await waitForState(transfers, 'provider-b', b.provider.id, 'COMPLETED');
  await waitForState(transfers, 'consumer', b.consumer.id, 'COMPLETED');
  t.pass('a data plane\'s own callback with its token is heard');

  const rows = JSON.stringify(await runtime.get(Database).kysely().selectFrom('cp_data_plane').selectAll().execute());
  t.notMatch(rows, tokens.a, 'the signaling token is in no row');
  t.notMatch(rows, tokenA!, 'nor the callback token');
  const listed = await (await fetch(`${management}/v1/participants/provider-a/dataplanes`)).text();
  t.notMatch(listed, tokens.a, 'a listing does not show it');

  t.equal((await fetch(`${management}/v1/participants/provider-a/dataplanes/plane-a`, { method: 'DELETE' })).status, 204);
  const gone = await complete(a.provider.id, { authorization: `Bearer ${tokenA}` });
  t.equal(gone.status, 401, 'a deregistered data plane\'s token is no longer accepted');
  await gone.arrayBuffer();
});
