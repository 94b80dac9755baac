/**
 * A data plane's completion survives its restart. The provider's remote data plane (its own
 * runtime on the control plane's database) finishes a flow while the control plane is down: the
 * completed callback fails and waits in the flow's outbox. The data plane's runtime is stopped
 * mid-retry; the control plane comes back, then another data plane runtime on the same database
 * and port. It finds the callback and the control plane registration in the store and delivers
 * it: the transfer completes on both sides, and nothing is left to send again (the outbox is
 * empty; the callback's single messageId makes any second copy a no-op at the control plane).
 */
import { randomBytes } from 'node:crypto';
import { createDataPlane, createSqlDataFlowStore, dataFlowStoreSchema, type DataFlow, serveDataPlane } from '@tdss/dataplane-sdk';
import { Database, DatabaseSchemas, definePlugin } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, forEachDialect, freePort, startTestRuntime } from '@tdss/testing';
import t, { type Test } from 'tap';
import { ContractAgreements, ParticipantContexts } from '../tokens.ts';
import { agreement, eventually, providerProcessOf, transferPlugins, waitForState } from '../transfer-process/test-support/transfer-test-kit.ts';
import { TransferProcesses } from '../transfer-process/transfer-process-tokens.ts';

const PROFILE = 'Durable-PULL';
const PROVIDER = 'did:web:provider.example';
const CONSUMER = 'did:web:consumer.example';

const dataFlowSchema = definePlugin({
  name: 'test-remote-data-plane',
  version: '0.0.0',
  requires: [Database],
  contributes: [DatabaseSchemas],
  register: (ctx) => ctx.contribute(DatabaseSchemas, dataFlowStoreSchema('test-remote-data-plane')),
});

/** The data plane as its own service: a runtime for its database, the DPS API on `port`. */
async function startDataPlane(t: Test, store: DialectSettings, port: number) {
  const holder: { close?: () => Promise<void> } = {};
  t.teardown(() => holder.close?.());
  const runtime = await startTestRuntime(t, { name: `data-plane-${randomBytes(2).toString('hex')}`, plugins: [{ plugin: storeSql, settings: store }, { plugin: dataFlowSchema }] });
  const plane = createDataPlane({
    id: 'durable',
    transferTypes: [{ profile: PROFILE, flow: 'PULL' }],
    store: createSqlDataFlowStore(() => runtime.get(Database), 'durable'),
    callbackRetry: { baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2_000 },
    callbackSweepMs: 50,
    onStart: async (flow: DataFlow) => ({ dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: `https://durable.example/flows/${flow.id}` } }),
  });
  const served = await serveDataPlane({ routes: [{ path: '/signaling', router: plane.router }], port });
  const stop = async () => {
    await plane.close?.();
    await served.close();
    await runtime.stop();
  };
  holder.close = stop;
  return { plane, stop };
}

async function startControlPlane(t: Test, store: DialectSettings, port: number) {
  return startTestRuntime(t, { name: 'control-plane', plugins: transferPlugins({ store, port }) });
}

await forEachDialect(t, 'a completion callback pending when the data plane stops is delivered after its restart, once', async (t, _dialect, store) => {
  const [cpPort, dpPort] = [await freePort(), await freePort()];
  let controlPlane = await startControlPlane(t, store, cpPort);
  const contexts = controlPlane.get(ParticipantContexts);
  await contexts.create({ id: 'provider', participantId: PROVIDER });
  await contexts.create({ id: 'consumer', participantId: CONSUMER });
  await controlPlane.get(ContractAgreements).create('provider', agreement('agr-1', PROVIDER, CONSUMER, 'asset-1'));
  await controlPlane.get(ContractAgreements).create('consumer', agreement('agr-1', PROVIDER, CONSUMER, 'asset-1'));

  const first = await startDataPlane(t, store, dpPort);
  const registered = await fetch(`http://127.0.0.1:${cpPort}/management/v1/participants/provider/dataplanes`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataplaneId: 'durable', endpoint: `http://127.0.0.1:${dpPort}/signaling`, profiles: [PROFILE] }),
  });
  t.equal(registered.status, 200);
  await registered.arrayBuffer();

  const transfers = () => controlPlane.get(TransferProcesses);
  const consumer = await transfers().request('consumer', { counterpartyAddress: `http://127.0.0.1:${cpPort}/protocol/provider/2025-1`, agreementId: 'agr-1', transferType: PROFILE });
  await waitForState(transfers(), 'consumer', consumer.id, 'STARTED');
  const provider = await providerProcessOf(transfers(), 'provider', consumer.id);

  // The control plane goes away; the data plane finishes the flow and cannot tell it.
  await controlPlane.stop();
  await first.plane.completed(provider.id);
  await eventually('a failed attempt or two', async () => ((await first.plane.flow(provider.id))?.callbacks?.[0]?.attempts ?? 0) >= 2);
  t.match((await first.plane.flow(provider.id))?.callbacks, [{ event: 'completed' }], 'the completion waits in the outbox');
  await first.stop();

  controlPlane = await startControlPlane(t, store, cpPort);
  const second = await startDataPlane(t, store, dpPort);
  await waitForState(transfers(), 'provider', provider.id, 'COMPLETED');
  await waitForState(transfers(), 'consumer', consumer.id, 'COMPLETED');
  await eventually('the outbox to empty', async () => (await second.plane.flow(provider.id))?.callbacks?.length === 0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.same((await second.plane.flow(provider.id))?.callbacks, [], 'nothing left to send');
  t.equal((await second.plane.flow(provider.id))?.state, 'COMPLETED');
  t.match(await transfers().get('provider', provider.id), { state: 'COMPLETED', errorDetail: null }, 'completed, not terminated');
});
