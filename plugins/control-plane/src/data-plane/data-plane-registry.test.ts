/**
 * Data Plane Signaling on the control plane: registration by URL (runtime-wide and per
 * participant context) through the management API, selection per transfer type (a participant
 * context's own data plane first, remote over HTTP), and the callback endpoints on the signaling
 * context moving the transfer.
 */
import { createDataPlane, serveDataPlane } from '@tdss/dataplane-sdk';
import { HttpServer } from '@tdss/sdk';
import { DataPlanes } from './data-plane-tokens.ts';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { agreement, PULL, providerProcessOf, recordingDataPlane, startTransferRuntime, waitForState } from '../transfer-process/test-support/transfer-test-kit.ts';

const PROVIDER = 'did:web:provider.example';
const CONSUMER = 'did:web:consumer.example';

await forEachDialect(t, 'data planes: registration, selection and callbacks', async (t, _dialect, store) => {
  const local = recordingDataPlane(PULL, 'PULL');
  const kit = await startTransferRuntime(t, { name: 'dps', store, participants: { provider: PROVIDER, consumer: CONSUMER }, dataPlanes: [local] });
  const management = kit.managementUrl;
  const signaling = kit.runtime.get(HttpServer).url('signaling');
  const json = (method: string, body?: unknown) => ({ method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const call = async (url: string, init: RequestInit) => {
    const res = await fetch(url, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  // A remote data plane of the provider's own, a real DPS service on loopback.
  const remote = recordingDataPlane(PULL, 'PULL', { id: 'provider-own' });
  const served = await serveDataPlane({ routes: [{ path: '/signaling', router: remote.router }] });
  t.teardown(() => served.close());

  await t.test('registration through the management API', async (t) => {
    const bad = await call(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: 'x', endpoint: 'not a url', profiles: [] }));
    t.equal(bad.status, 400);
    t.equal(bad.headers.get('content-type'), 'application/problem+json');
    t.match(bad.body.detail, /not a valid DataPlaneRegistrationMessage/);
    t.equal((await call(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: local.id, endpoint: 'http://127.0.0.1:9/x', profiles: [PULL] }))).status, 409, 'the id of an in-process data plane');

    const own = await call(`${management}/v1/participants/provider/dataplanes`, json('PUT', { dataplaneId: 'provider-own', endpoint: `${served.url}/signaling/`, profiles: [PULL] }));
    t.equal(own.status, 200);
    t.match(own.body, { id: 'provider-own', participantContextId: 'provider', endpoint: `${served.url}/signaling`, profiles: [PULL], local: false });
    t.equal((await call(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: 'provider-own', endpoint: `${served.url}/signaling`, profiles: [PULL] }))).status, 409, 'another scope cannot take the id');
    t.equal((await call(`${management}/v1/participants/nobody/dataplanes`, json('PUT', { dataplaneId: 'n', endpoint: 'http://127.0.0.1:9', profiles: [PULL] }))).status, 404);

    const spare = { endpoint: 'http://127.0.0.1:9/signaling', profiles: ['Other-PUSH'] };
    for (const id of ['spare-1', 'spare-2', 'spare-3']) t.equal((await call(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: id, ...spare }))).status, 200, `${id}: registered though it does not answer`);
    const page = await call(`${management}/v1/dataplanes?offset=1&limit=2`, { method: 'GET' });
    t.equal(page.headers.get('x-total-count'), '4', 'the in-process data plane and the three runtime-wide registrations');
    t.match(page.headers.get('link'), /rel="next"/);
    t.same(page.body.map((p: { id: string }) => p.id), ['spare-1', 'spare-2']);
    t.same((await call(`${management}/v1/dataplanes?profile=${PULL}`, { method: 'GET' })).body.map((p: { id: string }) => p.id), [local.id]);
    t.same((await call(`${management}/v1/participants/provider/dataplanes`, { method: 'GET' })).body.map((p: { id: string }) => p.id), ['provider-own']);

    t.equal((await call(`${management}/v1/participants/consumer/dataplanes/spare-1`, { method: 'DELETE' })).status, 404, 'another scope cannot remove it');
    t.equal((await call(`${management}/v1/dataplanes/spare-1`, { method: 'DELETE' })).status, 204);
    t.equal((await call(`${management}/v1/dataplanes/spare-1`, { method: 'DELETE' })).status, 404);
  });

  await t.test('registered data planes learn where callbacks go, again at announce (a restart of either side)', async (t) => {
    t.equal(await remote.signaling.deleteControlPlane('tdss-control-plane'), true, 'the registration told the data plane');
    await kit.runtime.get(DataPlanes).announce();
    t.equal(await remote.signaling.deleteControlPlane('tdss-control-plane'), true, 'announce told it again');
    await kit.runtime.get(DataPlanes).announce();
  });

  await t.test('a participant context\'s own data plane serves its transfers, over HTTP', async (t) => {
    await kit.addAgreement('provider', agreement('agr-1', PROVIDER, CONSUMER, 'asset-1'));
    await kit.addAgreement('consumer', agreement('agr-1', PROVIDER, CONSUMER, 'asset-1'));
    const consumer = await kit.transfers.request('consumer', { counterpartyAddress: kit.dspBase('provider'), agreementId: 'agr-1', transferType: PULL });
    const started = await waitForState(kit.transfers, 'consumer', consumer.id, 'STARTED');
    t.match(started.dataAddress?.endpoint, /https:\/\/data\.example\/flows\//);
    const provider = await providerProcessOf(kit.transfers, 'provider', consumer.id);
    t.same(remote.callsOf(provider.id), ['start'], 'the remote data plane started the flow');
    t.same(local.callsOf(provider.id), [], 'the in-process one was not asked');
    t.match(remote.calls[0]!.flow, { participantId: PROVIDER, counterPartyId: CONSUMER, agreementId: 'agr-1', datasetId: 'asset-1', profile: PULL, metadata: { participantContextId: 'provider' } });

    // The data plane reports a wire error: the transfer is terminated with its reason, the consumer told.
    const bad = await call(`${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/errored`, json('POST', { messageId: 'e1', state: 'STARTED' }));
    t.equal(bad.status, 400, 'not a DataFlowStatusMessage');
    const other = await call(`${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/errored`, json('POST', { messageId: 'e1', dataFlowId: 'another', state: 'STARTED' }));
    t.equal(other.status, 400, 'a message about another flow');
    t.equal((await call(`${signaling}/transfers/urn%3Auuid%3Anone/dataflow/errored`, json('POST', { messageId: 'e1', dataFlowId: 'urn:uuid:none', state: 'STARTED' }))).status, 404);
    t.equal((await call(`${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/exploded`, json('POST', { messageId: 'e1', dataFlowId: provider.id, state: 'STARTED' }))).status, 404);
    const consumerSide = await call(`${signaling}/transfers/${encodeURIComponent(consumer.id)}/dataflow/completed`, json('POST', { messageId: 'e1', dataFlowId: consumer.id, state: 'COMPLETED' }));
    t.equal(consumerSide.status, 404, 'a transfer without a data flow takes no callbacks');

    const errored = await call(`${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/errored`, json('POST', { messageId: 'e1', dataFlowId: provider.id, state: 'STARTED', error: 'disk on fire' }));
    t.equal(errored.status, 200);
    const ended = await waitForState(kit.transfers, 'provider', provider.id, 'TERMINATED');
    t.match(ended.errorDetail, /data plane provider-own reported an error: disk on fire/);
    t.match((await waitForState(kit.transfers, 'consumer', consumer.id, 'TERMINATED')).errorDetail, /disk on fire/);
    t.same(remote.callsOf(provider.id), ['start', 'terminate'], 'the flow was terminated');
    const repeated = await call(`${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/errored`, json('POST', { messageId: 'e2', dataFlowId: provider.id, state: 'TERMINATED', error: 'again' }));
    t.equal(repeated.status, 200, 'a repeat changes nothing');
  });

  await t.test('a completed callback completes the transfer; a late one after termination is a 409', async (t) => {
    await kit.addAgreement('provider', agreement('agr-2', PROVIDER, CONSUMER, 'asset-2'));
    await kit.addAgreement('consumer', agreement('agr-2', PROVIDER, CONSUMER, 'asset-2'));
    const consumer = await kit.transfers.request('consumer', { counterpartyAddress: kit.dspBase('provider'), agreementId: 'agr-2', transferType: PULL });
    await waitForState(kit.transfers, 'consumer', consumer.id, 'STARTED');
    const provider = await providerProcessOf(kit.transfers, 'provider', consumer.id);
    const url = `${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/completed`;
    t.equal((await call(url, json('POST', { messageId: 'c1', dataFlowId: provider.id, state: 'COMPLETED' }))).status, 200);
    await waitForState(kit.transfers, 'provider', provider.id, 'COMPLETED');
    await waitForState(kit.transfers, 'consumer', consumer.id, 'COMPLETED');
    t.same(remote.callsOf(provider.id), ['start', 'complete'], 'the flow is told (its own report, answered as a no-op by a flow that is completed already, or applied)');
    t.equal((await call(url, json('POST', { messageId: 'c2', dataFlowId: provider.id, state: 'COMPLETED' }))).status, 200, 'a repeat is a 200');
    const errored = await call(`${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/errored`, json('POST', { messageId: 'e3', dataFlowId: provider.id, state: 'COMPLETED', error: 'late' }));
    t.equal(errored.status, 200, 'an error after the end changes nothing');
    t.equal((await kit.transfers.get('provider', provider.id)).state, 'COMPLETED');
  });

  await t.test('a completion that overtakes the start is asked again (503), then completes the transfer', async (t) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = createDataPlane({
      id: 'slow',
      transferTypes: [{ profile: 'Slow-PULL', flow: 'PULL' }],
      onStart: async () => {
        await gate;
        return { dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://slow.example/data' } };
      },
    });
    const slowServed = await serveDataPlane({ routes: [{ path: '/signaling', router: slow.router }] });
    t.teardown(() => slowServed.close());
    t.equal((await call(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: 'slow', endpoint: `${slowServed.url}/signaling`, profiles: ['Slow-PULL'] }))).status, 200);
    await kit.addAgreement('provider', agreement('agr-3', PROVIDER, CONSUMER, 'asset-3'));
    await kit.addAgreement('consumer', agreement('agr-3', PROVIDER, CONSUMER, 'asset-3'));
    const consumer = await kit.transfers.request('consumer', { counterpartyAddress: kit.dspBase('provider'), agreementId: 'agr-3', transferType: 'Slow-PULL' });
    const provider = await providerProcessOf(kit.transfers, 'provider', consumer.id);
    await waitForState(kit.transfers, 'provider', provider.id, 'STARTING');
    const url = `${signaling}/transfers/${encodeURIComponent(provider.id)}/dataflow/completed`;
    const early = await call(url, json('POST', { messageId: 'c1', dataFlowId: provider.id, state: 'COMPLETED' }));
    t.equal(early.status, 503, 'the data plane is asked to send it again');
    t.equal((await kit.transfers.get('provider', provider.id)).state, 'STARTING', 'nothing changed');
    release();
    await waitForState(kit.transfers, 'provider', provider.id, 'STARTED');
    t.equal((await call(url, json('POST', { messageId: 'c1', dataFlowId: provider.id, state: 'COMPLETED' }))).status, 200);
    await waitForState(kit.transfers, 'consumer', consumer.id, 'COMPLETED');
  });
});
