/**
 * A restart of the data plane: the runtime stops while a push flow delivers, and two new runtimes
 * on the same database start at once (a restarted instance on the same port, and a replica). The
 * push flow delivers again from exactly one of them (one new run, its batches counted from 1 without
 * a gap or a repeat, the counter consecutive), also after several lease rounds; a pull flow's
 * address handed out before the restart still reads the values; terminate stops the deliveries.
 */
import { waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { Database } from '@tdss/sdk';
import { createTempDir, forEachDialect, freePort } from '@tdss/testing';
import t from 'tap';
import { startInbox } from './test-support/inbox.ts';
import { CONSUMER, PROVIDER, PULL, PUSH, pullTarget, startOpcUaRuntime } from './test-support/opcua-runtime.ts';
import { assertConsecutive, DATA_PLANE, get, sleep, startPlant, until } from './test-support/plant.ts';

const LEASE_MS = 1500;

await forEachDialect(t, 'push flows deliver again after a restart, from one of two instances', async (t, _dialect, store) => {
  const instance = { port: await freePort(), keyDir: await createTempDir(t, 'tdss-keys-') };
  const dataPlane = { leaseMs: LEASE_MS };
  const { server, cut: first } = await startPlant(t, store, dataPlane, instance);
  const inbox = await startInbox(t);
  const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url };
  const { consumer, provider } = await first.transfer('plant', PUSH, destination);
  const pull = await first.transfer('plant', PULL);
  await until('deliveries before the restart', () => inbox.batches.length >= 3);

  await first.runtime.stop();
  const before = inbox.batches.length;
  await sleep(500);
  t.equal(inbox.batches.length, before, 'nothing is pushed while no data plane runs');

  const again = { ...instance, createParticipants: false };
  const [second] = await Promise.all([
    startOpcUaRuntime(t, store, { ...DATA_PLANE, ...dataPlane }, again),
    startOpcUaRuntime(t, store, { ...DATA_PLANE, ...dataPlane }, { keyDir: instance.keyDir, createParticipants: false }),
  ]);
  await until('deliveries after the restart', () => inbox.batches.length >= before + 3);
  await sleep(3 * LEASE_MS);
  const after = inbox.batches.slice(before);
  const runs = new Set(after.map((batch) => batch.run));
  t.equal(runs.size, 1, 'one run after the restart, through several lease rounds: the flow delivers from one instance');
  t.notOk(runs.has(inbox.batches[0]!.run), 'a new run');
  t.same(after.map((batch) => batch.batch), after.map((_, index) => index + 1), 'its batches from 1, none lost or repeated');
  t.ok(after.every((batch) => batch.dataFlowId === provider!.id && batch.generation === inbox.batches[0]!.generation), 'the same flow and generation');
  const counter = after.flatMap((batch) => batch.changes).filter((change) => change.nodeId === server.nodes.counter).map((change) => change.value as number);
  assertConsecutive(t, counter.slice(1), server.counterHistory, 'the counter pushed after the restart');
  const leases = await second.runtime.get(Database).kysely().selectFrom('dps_data_flow_lease').select(['flow_id']).where('data_plane_id', '=', 'dataplane-opcua').execute();
  t.same(leases, [{ flow_id: provider!.id }], 'one lease: the push flow\'s (a pull flow has no work to own)');

  const { values, token } = pullTarget(pull.consumer);
  const read = await get(values, token);
  t.equal(read.status, 200, 'the pull address from before the restart still reads the values');
  await read.arrayBuffer();

  await second.transfers.terminate(CONSUMER.context, consumer.id, 'enough');
  await waitForTransferState(second.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
  const db = second.runtime.get(Database).kysely();
  const flowState = async () => (await db.selectFrom('dps_data_flow').select('state').where('id', '=', provider!.id).executeTakeFirst())?.state;
  const deadline = Date.now() + 10_000;
  while ((await flowState()) !== 'TERMINATED' && Date.now() < deadline) await sleep(20);
  // The instance that pushes may be the other one: it stops at its next lease round (a third of the lease).
  await sleep(LEASE_MS / 3 + 300);
  const final = inbox.batches.length;
  await sleep(LEASE_MS);
  t.equal(inbox.batches.length, final, 'no delivery after the termination');
  t.same(await second.runtime.get(Database).kysely().selectFrom('dps_data_flow_lease').select(['flow_id']).execute(), [], 'and no lease');
});
