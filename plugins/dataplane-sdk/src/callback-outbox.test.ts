/**
 * Callbacks survive a restart: a data plane whose completion callback keeps failing is stopped
 * with its runtime mid-retry; another runtime on the same database (a restart, or another replica)
 * finds the control plane registration and the pending callback in the store and delivers it:
 * the control plane takes it exactly once, and the outbox is empty.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database, DatabaseSchemas, definePlugin } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, forEachDialect, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import t from 'tap';
import { createDataPlane } from './create-data-plane.ts';
import type { DataFlowStatusMessage } from './messages.ts';
import { createSqlDataFlowStore, dataFlowStoreSchema } from './sql-data-flow-store.ts';

const schemas = definePlugin({
  name: 'dps-outbox-test',
  version: '1.0.0',
  requires: [Database],
  contributes: [DatabaseSchemas],
  register: (ctx) => ctx.contribute(DatabaseSchemas, dataFlowStoreSchema('dps-outbox-test')),
});

/** A control plane endpoint that refuses (503) while `down`; it records what it took. */
async function controlPlane(t: Test) {
  const state = { down: true, refused: 0, taken: [] as Array<{ path: string; body: DataFlowStatusMessage }> };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (state.down) {
        state.refused++;
        res.writeHead(503).end();
        return;
      }
      state.taken.push({ path: req.url!, body: JSON.parse(text) as DataFlowStatusMessage });
      res.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signaling`, state };
}

async function until(done: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const start = {
  messageId: 'start-1',
  participantId: 'did:web:provider',
  counterPartyId: 'did:web:consumer',
  dataspaceContext: 'test',
  processId: 'transfer-1',
  agreementId: 'agreement-1',
  datasetId: 'asset-1',
  profile: 'X-PUSH',
  claims: {},
  dataAddress: { endpointType: 'x', endpoint: 'https://consumer.example/inbox' },
  metadata: { participantContextId: 'tenant-a' },
};

async function planeOn(t: Test, settings: DialectSettings) {
  // Registered before the runtime's own teardown, so the sweep stops before the database closes.
  const holder: { close?: () => Promise<void> } = {};
  t.teardown(() => holder.close?.());
  const runtime = await startTestRuntime(t, { plugins: [{ plugin: storeSql, settings }, { plugin: schemas }] });
  const plane = createDataPlane({
    id: 'dp-push',
    transferTypes: [{ profile: 'X-PUSH', flow: 'PUSH' }],
    store: createSqlDataFlowStore(() => runtime.get(Database), 'dp-push'),
    callbackRetry: { baseDelayMs: 20, maxDelayMs: 50 },
    callbackSweepMs: 20,
  });
  holder.close = async () => plane.close?.();
  return { runtime, plane };
}

await forEachDialect(t, 'a pending callback is delivered by the next runtime on the database, exactly once', async (t, _dialect, settings) => {
  const cp = await controlPlane(t);
  const first = await planeOn(t, settings);
  await first.plane.signaling.registerControlPlane({ controlplaneId: 'cp', endpoint: cp.endpoint });
  await first.plane.signaling.start(start);
  await first.plane.completed('transfer-1');
  await until(() => cp.state.refused >= 3);
  t.match((await first.plane.flow('transfer-1'))?.callbacks, [{ event: 'completed' }], 'mid-retry: the callback is in the outbox');

  // The runtime stops mid-retry (a crash looks the same to the database: the row holds the outbox).
  await first.plane.close?.();
  await first.runtime.stop();
  const refusedBefore = cp.state.refused;

  cp.state.down = false;
  // Two replicas start on the database: no control plane option, no callback in their memory.
  const second = await planeOn(t, settings);
  const third = await planeOn(t, settings);
  await until(async () => (await second.plane.flow('transfer-1'))?.callbacks?.length === 0);
  // Longer than a few sweeps of both: a second copy would have arrived.
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(cp.state.refused, refusedBefore, 'the stopped runtime sends nothing any more');
  t.equal(cp.state.taken.length, 1, 'the control plane took the completion exactly once');
  t.match(cp.state.taken[0], { path: '/signaling/transfers/transfer-1/dataflow/completed', body: { dataFlowId: 'transfer-1', state: 'COMPLETED' } });
  t.equal((await third.plane.flow('transfer-1'))?.state, 'COMPLETED');
});

await forEachDialect(t, 'control plane registrations are kept in the store', async (t, _dialect, settings) => {
  const cp = await controlPlane(t);
  cp.state.down = false;
  const first = await planeOn(t, settings);
  await first.plane.signaling.registerControlPlane({ controlplaneId: 'old', endpoint: 'http://127.0.0.1:9/nobody' });
  await first.plane.signaling.registerControlPlane({ controlplaneId: 'cp', endpoint: cp.endpoint });
  await first.plane.close?.();
  await first.runtime.stop();

  const second = await planeOn(t, settings);
  await second.plane.signaling.start(start);
  await second.plane.errored('transfer-1', 'the wire broke');
  await until(() => cp.state.taken.length === 1);
  t.match(cp.state.taken[0], { path: '/signaling/transfers/transfer-1/dataflow/errored', body: { error: 'the wire broke' } }, 'the latest registration from before the restart takes it');
  t.equal(await second.plane.signaling.deleteControlPlane('old'), true);
  t.equal(await second.plane.signaling.deleteControlPlane('old'), false);
});
