/**
 * The CSV data plane as its own service, registered with a TDSS runtime by URL: a consumer
 * transfers through it (DSP between two participant contexts of the runtime, DPS over HTTP to the
 * data plane), reads the whole CSV, and the data plane's completed callback completes the
 * transfer on both sides.
 */
import { createHash } from 'node:crypto';
import controlPlane, { ContractAgreements, ParticipantContexts, TransferProcesses, type TransferProcess, type TransferProcessState } from '@tdss/control-plane';
import { serveDataPlane } from '@tdss/dataplane-sdk';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Agreement } from '@tdss/json-ld';
import policyEngine from '@tdss/policy-engine';
import { HttpServer } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { forEachDialect, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import { createCsvDataPlane, CSV_PULL } from './create-csv-data-plane.ts';
import { csvRows } from './generated-csv.ts';

const PROVIDER = 'did:web:provider.example';
const CONSUMER = 'did:web:consumer.example';
const FAST = { stateMachine: { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } }, requestTimeoutMs: 5_000 };

async function waitForState(transfers: TransferProcesses, context: string, id: string, state: TransferProcessState): Promise<TransferProcess> {
  const deadline = Date.now() + 30_000;
  let last: TransferProcess | undefined;
  while (Date.now() < deadline) {
    last = await transfers.get(context, id);
    if (last.state === state) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`transfer ${id} did not reach ${state}; it is ${last?.state} (${last?.errorDetail ?? ''})`);
}

await forEachDialect(t, 'a data plane registered by URL carries a transfer from start to completion', async (t, _dialect, store) => {
  let publicUrl = '';
  const csv = createCsvDataPlane({ id: 'csv-data-plane', publicUrl: () => publicUrl, tokenSecret: 'custom-data-plane-example-secret-0123456789' });
  const served = await serveDataPlane({ routes: [{ path: '/signaling', router: csv.plane.router }, { path: '/public', router: csv.data }] });
  t.teardown(() => served.close());
  publicUrl = `${served.url}/public`;

  const runtime = await startTestRuntime(t, {
    name: 'csv-example',
    plugins: [
      { plugin: http, settings: { port: 0 } },
      { plugin: storeSql, settings: store },
      { plugin: identityDev, settings: { secret: 'custom-data-plane-example-dsp-secret-0123' } },
      { plugin: policyEngine },
      { plugin: controlPlane, settings: { transferProcess: FAST } },
    ],
  });
  for (const [id, participantId] of [['provider', PROVIDER], ['consumer', CONSUMER]] as const) await runtime.get(ParticipantContexts).create({ id, participantId });
  const management = runtime.get(HttpServer).url('management');
  const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const registered = await fetch(`${management}/v1/dataplanes`, json('PUT', { dataplaneId: 'csv-data-plane', endpoint: `${served.url}/signaling`, profiles: [CSV_PULL], labels: ['example'] }));
  t.equal(registered.status, 200, 'registered by URL through the management API');
  t.match(await registered.json(), { id: 'csv-data-plane', endpoint: `${served.url}/signaling`, profiles: [CSV_PULL], local: false });

  const asset = await fetch(`${management}/v1/participants/provider/assets`, json('POST', { '@id': 'weather-csv', properties: { name: 'weather' }, dataAddress: { type: 'GeneratedCsv', rows: 20_000 } }));
  t.equal(asset.status, 201);
  await asset.arrayBuffer();
  const agreement = { '@id': 'agreement-csv', '@type': 'Agreement', target: 'weather-csv', assigner: PROVIDER, assignee: CONSUMER, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
  for (const context of ['provider', 'consumer']) await runtime.get(ContractAgreements).create(context, agreement);

  const transfers = runtime.get(TransferProcesses);
  const protocol = runtime.get(HttpServer).url('protocol');
  const requested = await transfers.request('consumer', { counterpartyAddress: `${protocol}/provider/2025-1`, agreementId: 'agreement-csv', transferType: CSV_PULL });
  const started = await waitForState(transfers, 'consumer', requested.id, 'STARTED');
  t.match(started.dataAddress?.endpoint, `${publicUrl}/data/`, 'the consumer pulls from the example service');
  const token = started.dataAddress?.endpointProperties?.find((p) => p.name === 'authorization')?.value;

  const refused = await fetch(started.dataAddress!.endpoint!);
  t.equal(refused.status, 401, 'no token, no data');
  await refused.arrayBuffer();
  const res = await fetch(started.dataAddress!.endpoint!, { headers: { authorization: `Bearer ${token}` } });
  t.equal(res.status, 200);
  const received = createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
  const expected = createHash('sha256');
  for await (const chunk of csvRows('weather-csv', 20_000)) expected.update(chunk as string);
  t.equal(received, expected.digest('hex'), 'the consumer received the generated CSV exactly');

  await waitForState(transfers, 'consumer', requested.id, 'COMPLETED');
  const provider = (await transfers.list('provider', { offset: 0, limit: 10, filters: { role: 'PROVIDER' } })).items[0]!;
  t.equal((await waitForState(transfers, 'provider', provider.id, 'COMPLETED')).state, 'COMPLETED', 'the data plane\'s completed callback completed the transfer on both sides');
  t.equal((await csv.plane.signaling.status(provider.id)).state, 'COMPLETED');

  const listed = await fetch(`${management}/v1/dataplanes?profile=${CSV_PULL}`);
  t.equal(listed.headers.get('x-total-count'), '1');
  t.match(await listed.json(), [{ id: 'csv-data-plane' }]);
  const removed = await fetch(`${management}/v1/dataplanes/csv-data-plane`, { method: 'DELETE' });
  t.equal(removed.status, 204);
  const again = await transfers.request('consumer', { counterpartyAddress: `${protocol}/provider/2025-1`, agreementId: 'agreement-csv', transferType: CSV_PULL });
  const ended = await waitForState(transfers, 'consumer', again.id, 'TERMINATED');
  t.match(ended.errorDetail, /transfer type not supported/, 'once unregistered, its type is not served');
});
