import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { leaseDatabase } from '../test-support/lease-database.ts';
import { sleep } from '../test-support/topics.ts';
import { createFlowLeases } from './flow-leases.ts';

// Long enough that a loaded machine does not let a renewed lease expire between two statements.
const LEASE_MS = 1_500;

await forEachDialect(t, 'a flow has one owner at a time; an expired lease is taken over', async (t, _dialect, store) => {
  const db = await leaseDatabase(t, store);
  const a = createFlowLeases(db, 'kafka', 'replica-a', LEASE_MS);
  const b = createFlowLeases(db, 'kafka', 'replica-b', LEASE_MS);

  t.equal(await a.acquire('f1'), true, 'a free flow is taken');
  t.equal(await b.acquire('f1'), false, 'a live lease of another replica stays');
  t.equal(await a.acquire('f1'), true, 'taking one\'s own lease again extends it');
  t.equal(await createFlowLeases(db, 'other-plane', 'replica-b', LEASE_MS).acquire('f1'), true, 'leases are per data plane id');
  t.same(await a.renew(['f1', 'f2']), new Set(['f1']), 'only held leases are renewed');
  t.same(await a.renew([]), new Set());

  await sleep(LEASE_MS / 2);
  t.same(await a.renew(['f1']), new Set(['f1']));
  await sleep(LEASE_MS / 2 + 100);
  t.equal(await b.acquire('f1'), false, 'renewed: still a\'s after the first lease time');

  await sleep(LEASE_MS + 100);
  t.equal(await b.acquire('f1'), true, 'expired: another replica takes it over');
  t.same(await a.renew(['f1']), new Set(), 'the old owner learns it lost the flow');
  await a.release('f1');
  t.same(await b.renew(['f1']), new Set(['f1']), 'the old owner cannot release the new owner\'s lease');
  await b.release('f1');
  t.equal(await a.acquire('f1'), true, 'a released flow is free at once');
});
