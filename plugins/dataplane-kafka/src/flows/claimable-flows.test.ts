import { createSqlDataFlowStore, type DataFlow } from '@tdss/dataplane-sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { createFlowLeases } from '../leases/flow-leases.ts';
import { leaseDatabase } from '../test-support/lease-database.ts';
import { claimableFlowIds } from './claimable-flows.ts';

const flow = (id: string, state: DataFlow['state']): DataFlow => ({
  id,
  role: 'PROVIDER',
  state,
  profile: 'Kafka-PUSH',
  participantId: 'p',
  counterPartyId: 'c',
  dataspaceContext: 'ds',
  agreementId: 'a',
  datasetId: 'd',
  claims: {},
  labels: [],
  metadata: {},
  dataAddress: null,
  tokenGeneration: 1,
  lastMessageId: 'm1',
  lastResponse: null,
  reason: null,
  version: 0,
  createdAt: new Date(),
  updatedAt: new Date(),
});

await forEachDialect(t, 'claimable: started flows that no other replica holds', async (t, _dialect, store) => {
  const db = await leaseDatabase(t, store);
  const flows = createSqlDataFlowStore(db, 'kafka');
  for (const [id, state] of [['held-by-b', 'STARTED'], ['free', 'STARTED'], ['mine', 'STARTED'], ['suspended', 'SUSPENDED']] as const) await flows.create(flow(id, state));
  await createSqlDataFlowStore(db, 'other-plane').create(flow('elsewhere', 'STARTED'));
  const replica = (owner: string, leaseMs = 60_000) => createFlowLeases(db, 'kafka', owner, leaseMs);
  await replica('replica-b').acquire('held-by-b');
  await replica('replica-a').acquire('mine');
  await replica('replica-c', 1).acquire('free');
  await new Promise((resolve) => setTimeout(resolve, 20));

  t.same((await claimableFlowIds(flows, replica('replica-a'))).sort(), ['free', 'mine'], 'unleased or expired, and its own; not another\'s live lease, not a suspended flow, not another data plane\'s');
  t.same((await claimableFlowIds(flows, replica('replica-b'))).sort(), ['free', 'held-by-b']);
});
