/**
 * What every DataFlowStore must do, whatever keeps the flows: the memory store and the SQL store
 * (each dialect) run it, and so can a store of your own (`@tdss/dataplane-sdk/testing`). Each
 * implementation adds its own tests of how it keeps them.
 */
import type { Test } from 'tap';
import type { DataFlow } from './data-flow.ts';
import type { DataFlowStore } from './data-flow-store.ts';
import type { DataFlowState } from './messages.ts';

/**
 * Registers one case: the implementation runs `body` as a test named `name` against two empty
 * stores of different data plane ids that share their storage (one database, say).
 */
export type DataFlowStoreCase = (name: string, body: (t: Test, store: DataFlowStore, other: DataFlowStore) => Promise<void>) => Promise<unknown>;

/** A flow as a start message creates it, in `state`. */
export function sampleDataFlow(id: string, state: DataFlowState = 'STARTED'): DataFlow {
  return {
    id,
    role: 'PROVIDER',
    state,
    profile: 'X-PULL',
    participantId: 'p',
    counterPartyId: 'c',
    dataspaceContext: 'ds',
    agreementId: 'a',
    datasetId: 'd',
    claims: { sub: 'c' },
    labels: ['gold'],
    metadata: { nested: { n: 1 }, participantContextId: 'tenant-a' },
    dataAddress: null,
    tokenGeneration: 1,
    lastMessageId: 'm1',
    lastResponse: { status: 200, body: { messageId: 'r1', dataFlowId: id, state } },
    reason: null,
    version: 0,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  };
}

export async function dataFlowStoreContract(test: DataFlowStoreCase): Promise<void> {
  await test('create, get and a compare-and-set update, per data plane', async (t, store, other) => {
    t.equal(await store.create(sampleDataFlow('f1')), true);
    t.equal(await store.create(sampleDataFlow('f1')), false, 'one flow per id');
    t.same(await store.get('f1'), sampleDataFlow('f1'), 'read back whole, dates included');
    t.equal(await store.get('missing'), undefined);
    const read = (await store.get('f1'))!;
    t.equal(await store.update({ ...read, state: 'SUSPENDED' }), true);
    t.equal(await store.update({ ...read, state: 'TERMINATED' }), false, 'a stale copy cannot overwrite a transition');
    t.match(await store.get('f1'), { state: 'SUSPENDED', version: 1 });
    t.equal(await store.update(sampleDataFlow('missing')), false, 'an update creates nothing');
    t.equal(await other.get('f1'), undefined, 'another data plane does not see the flow');
    t.equal(await other.create(sampleDataFlow('f1')), true, 'and may have its own flow of that id');
  });

  await test('list: by state, in id order, in pages', async (t, store, other) => {
    t.same(await store.list(), { items: [], total: 0, offset: 0, limit: 50 }, 'an empty store');
    const states: DataFlowState[] = ['STARTED', 'SUSPENDED', 'STARTED', 'TERMINATED', 'STARTED', 'COMPLETED', 'STARTED'];
    // Created out of id order: the list is in id order whatever the order of writing.
    for (const [i, state] of states.entries()) await store.create(sampleDataFlow(`flow-${(7 - i) * 10}`, state));
    await other.create(sampleDataFlow('flow-00', 'STARTED'));
    const ids = (page: { items: DataFlow[] }) => page.items.map((flow) => flow.id);
    const all = await store.list();
    t.same(ids(all), ['flow-10', 'flow-20', 'flow-30', 'flow-40', 'flow-50', 'flow-60', 'flow-70'], 'every flow of this data plane, by id');
    t.match(all, { total: 7, offset: 0, limit: 50 });
    t.same(all.items[0], sampleDataFlow('flow-10', 'STARTED'), 'flows come whole');
    const started = await store.list({ state: 'STARTED' });
    t.same(ids(started), ['flow-10', 'flow-30', 'flow-50', 'flow-70']);
    t.equal(started.total, 4);
    t.same(ids(await store.list({ state: ['COMPLETED', 'TERMINATED'] })), ['flow-20', 'flow-40'], 'several states');
    t.same(await store.list({ state: [] }), { items: [], total: 0, offset: 0, limit: 50 }, 'no state asked for: none');
    const second = await store.list({ state: 'STARTED', offset: 1, limit: 2 });
    t.same(ids(second), ['flow-30', 'flow-50'], 'a page');
    t.match(second, { total: 4, offset: 1, limit: 2 }, 'the total counts every page');
    t.same(ids(await store.list({ state: 'STARTED', offset: 4, limit: 2 })), [], 'past the end');
    t.equal((await store.list({ limit: 10_000 })).limit, 500, 'a page holds at most 500');
    t.same(ids(await other.list({ state: 'STARTED' })), ['flow-00'], 'another data plane lists its own');

    const moved = (await store.get('flow-10'))!;
    await store.update({ ...moved, state: 'SUSPENDED' });
    t.same(ids(await store.list({ state: 'STARTED' })), ['flow-30', 'flow-50', 'flow-70'], 'an update moves a flow out of a state');
    t.match((await store.list({ state: 'SUSPENDED' })).items.find((flow) => flow.id === 'flow-10'), { version: 1 }, 'with its version');
    const listed = (await store.list({ state: 'STARTED', limit: 1 })).items[0]!;
    listed.labels.push('changed');
    t.same((await store.get(listed.id))!.labels, ['gold'], 'a listed flow is a copy');
  });

  await test('the callback outbox: flows due by their earliest callback', async (t, store, other) => {
    await store.create(sampleDataFlow('f1'));
    t.same(await store.due!(new Date(), 10), [], 'no callback is due');
    const moved = (await store.get('f1'))!;
    const callback = (id: string, dueAt: string) => ({ event: 'completed' as const, message: { messageId: id, dataFlowId: 'f1', state: 'COMPLETED' as const }, attempts: 0, dueAt });
    t.equal(await store.update({ ...moved, callbacks: [callback('late', '2999-01-01T00:00:00Z'), callback('early', '2026-01-01T00:00:00Z')] }), true);
    t.match(await store.due!(new Date(), 10), [{ id: 'f1', callbacks: [{ message: { messageId: 'late' } }, { message: { messageId: 'early' } }] }], 'a flow is due by its earliest callback');
    t.same(await store.due!(new Date('2025-12-31T00:00:00Z'), 10), [], 'not before it');
    t.same(await other.due!(new Date(), 10), [], "another data plane's outbox is its own");
    const emptied = (await store.get('f1'))!;
    t.equal(await store.update({ ...emptied, callbacks: [] }), true);
    t.same(await store.due!(new Date(), 10), [], 'an empty outbox is never due');
  });

  await test('leases: one owner per flow, taken over once expired, per data plane', async (t, store, other) => {
    // Leases are of stored flows (the SQL store ties each to its flow row).
    for (const id of ['f1', 'f2', 'f3']) await store.create(sampleDataFlow(id));
    await other.create(sampleDataFlow('f1'));
    const a = store.leases!('replica-a', 60_000);
    const b = store.leases!('replica-b', 60_000);
    t.equal(a.owner, 'replica-a');
    t.equal(await a.acquire('f1'), true, 'a free lease is taken');
    t.equal(await a.acquire('f1'), true, 'and taken again by its owner');
    t.equal(await b.acquire('f1'), false, 'a live lease of another is not');
    t.equal(await other.leases!('replica-b', 60_000).acquire('f1'), true, "another data plane's flow of that id has its own lease");
    t.same(await a.renew(['f1', 'f2']), new Set(['f1']), 'only what it holds is renewed');
    t.same(await b.renew(['f1']), new Set(), 'not what another holds');
    t.same(await a.renew([]), new Set());
    await b.release('f1');
    t.equal(await b.acquire('f1'), false, 'a release by another owner changes nothing');
    await a.release('f1');
    t.equal(await b.acquire('f1'), true, 'a released lease is free at once');
    await a.drop('f1');
    t.equal(await a.acquire('f1'), true, 'a drop removes the lease whoever held it');
    const short = store.leases!('replica-c', 1);
    t.equal(await short.acquire('f3'), true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    t.equal(await b.acquire('f3'), true, 'an expired lease is taken over');
    t.same(await short.renew(['f3']), new Set(), 'and its former owner learns so when it renews');
  });

  await test('control plane registrations: the latest last, per data plane', async (t, store, other) => {
    const registrations = store.controlPlanes!;
    await registrations.save({ controlplaneId: 'one', endpoint: 'http://one.example/signaling' });
    await registrations.save({ controlplaneId: 'two', endpoint: 'http://two.example/signaling' });
    const authorization = { type: 'bearer', token: 'callback-token' };
    await registrations.save({ controlplaneId: 'one', endpoint: 'http://one.example/v2', authorization });
    t.same(
      await registrations.list(),
      [{ controlplaneId: 'two', endpoint: 'http://two.example/signaling' }, { controlplaneId: 'one', endpoint: 'http://one.example/v2', authorization: { type: 'bearer', token: 'callback-token' } }],
      'registering again replaces (with its authorization) and makes it the latest',
    );
    t.same(await other.controlPlanes!.list(), [], 'registrations are per data plane');
    t.equal(await registrations.delete('two'), true);
    t.equal(await registrations.delete('two'), false);
  });
}
