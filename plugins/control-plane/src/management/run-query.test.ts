/**
 * Queries that match JSON properties in memory read the tenant's rows in batches of 500: with
 * more rows than one batch, totals, pages and sorting must still be exact.
 */
import { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { createAssets } from '../asset/create-assets.ts';
import { startManagementApi } from './test-support/start-management-api.ts';

const COUNT = 1_100;

await forEachDialect(t, 'in-memory filters over several batches', async (t, _dialect, store) => {
  const api = await startManagementApi(t, store);
  const assets = createAssets(() => api.runtime.get(Database));
  const dataAddress = { type: 'HttpData' };
  for (let i = 0; i < COUNT; i++) {
    const id = `a-${String(i).padStart(4, '0')}`;
    await assets.create('alpha', { id, properties: { region: i % 3 === 0 ? 'eu' : 'us', rank: COUNT - i }, privateProperties: {}, dataAddress });
  }
  await assets.create('beta', { id: 'a-0000', properties: { region: 'eu', rank: 0 }, privateProperties: {}, dataAddress });

  const eu = Array.from({ length: COUNT }, (_, i) => i).filter((i) => i % 3 === 0);
  const page = await assets.query('alpha', { filter: [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }], offset: 300, limit: 50 });
  t.equal(page.total, eu.length, 'the total counts matches in every batch');
  t.same(page.items.map((a) => a.id), eu.slice(300, 350).map((i) => `a-${String(i).padStart(4, '0')}`), 'the page spans a batch boundary in order');

  const sorted = await assets.query('alpha', { filter: [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }], sortField: 'rank', limit: 3 });
  t.same(sorted.items.map((a) => a.properties.rank), [COUNT - eu.at(-1)!, COUNT - eu.at(-2)!, COUNT - eu.at(-3)!], 'a JSON sort sees rows of every batch');
  t.ok(sorted.items.every((a) => a.participantContextId === 'alpha'), "beta's row is never read");

  const last = await assets.query('alpha', { filter: [{ operandLeft: 'id', operator: 'like', operandRight: 'a-10%' }], sortField: 'id', sortOrder: 'DESC', limit: 2 });
  t.same([last.total, last.items.map((a) => a.id)], [100, ['a-1099', 'a-1098']], 'like runs in memory, sorted by a column in SQL');
});
