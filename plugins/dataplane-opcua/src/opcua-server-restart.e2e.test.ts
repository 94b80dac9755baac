/**
 * Reconnection end to end: a push flow survives a restart of the OPC UA server within
 * serverGoneMs (node-opcua reconnects and repairs the subscription); a server gone for longer
 * makes the data plane report the flow errored, and the control plane terminates the transfer.
 */
import { join } from 'node:path';
import { waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { createTempDir } from '@tdss/testing';
import t from 'tap';
import { startInbox } from './test-support/inbox.ts';
import { CONSUMER, PROVIDER, PUSH } from './test-support/opcua-runtime.ts';
import { sleep, startPlant, until } from './test-support/plant.ts';

t.test('a server restart is survived; a server gone for longer than serverGoneMs terminates the transfer', async (t) => {
  // A restart of the test server takes 2 s, more on a loaded machine (address space, certificates)
  // and the client's back-off up to 2 s more: the window is wide.
  const { server, cut, plant } = await startPlant(t, { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-sqlite-'), 'db.sqlite') }, { serverGoneMs: 10_000 });
  await cut.createAsset('plant-counter', { ...plant, nodes: [server.nodes.counter], browsePaths: [], securityMode: 'None', securityPolicy: 'None', samplingIntervalMs: 20 });
  const inbox = await startInbox(t);
  const { consumer, provider } = await cut.transfer('plant-counter', PUSH, { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url });
  const values = () => inbox.batches.flatMap((batch) => batch.changes).map((change) => change.value as number);
  await until('first deliveries', () => values().length >= 3);

  await server.stop();
  await sleep(500);
  await server.start();
  const restartedAt = server.counter();
  await until('deliveries after the server restart', () => values().some((value) => value > restartedAt + 2), 30_000).catch(async (error: unknown) => {
    const state = await cut.transfers.get(PROVIDER.context, provider!.id);
    throw new Error(`${String(error)}; the provider's transfer is ${state.state} (${state.errorDetail ?? 'no detail'}); last value ${values().at(-1)}, restarted at ${restartedAt}`);
  });
  t.pass('the flow delivers again after the server came back within serverGoneMs');
  t.equal((await cut.transfers.get(CONSUMER.context, consumer.id)).state, 'STARTED');

  await server.stop();
  const ended = await waitForTransferState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED'], 30_000);
  t.match(ended.errorDetail, /unreachable for more than 10000 ms/, 'the data plane reported the server gone; the control plane terminated the transfer');
});
