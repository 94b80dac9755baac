/**
 * Catalog pages over real HTTP on both dialects: following the Link headers yields every dataset
 * exactly once, in order, both when the page is one SQL query (selectors on ids, or one that
 * selects everything) and when selectors on properties are tested in memory; and the request's
 * filter narrows the catalog without reaching private data.
 */
import { validateDsp } from '@tdss/json-ld';
import { forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { expectJson } from '../management/test-support/start-management-api.ts';
import { parseContractOfferId } from './contract-offer-id.ts';
import { type CatalogRuntime, EVERYONE, links, onlyFor, requestCatalog, setUpParticipant, startCatalogRuntime } from './test-support/catalog-runtime.ts';

const CONSUMER = 'did:web:consumer.example';
const EDC = 'https://w3id.org/edc/v0.0.1/ns/';
type Json = Record<string, any>;

const assets = Array.from({ length: 11 }, (_, i) => ({
  id: `asset-${String(i).padStart(2, '0')}`,
  properties: { name: `asset ${i}`, region: i % 3 === 0 ? 'eu' : 'us', rank: i },
  privateProperties: { secret: i % 2 ? 'odd' : 'even' },
}));
const ids = (list: Array<{ id: string }>) => list.map((asset) => asset.id);

interface Walk {
  pages: Json[][];
  /** Every dataset with the contract definitions of its offers. */
  datasets: Array<{ id: string; definitions: string[] }>;
}

/** Follows `next` from the first page; checks `previous` on the way. */
async function walk(t: Test, rt: CatalogRuntime, participant: string, first?: string, filter?: unknown[]): Promise<Walk> {
  const pages: Json[][] = [];
  let url: string | undefined = first;
  for (let guard = 0; guard < 20; guard++) {
    const response = await requestCatalog(rt, participant, CONSUMER, { ...(url ? { url } : {}), ...(filter ? { filter } : {}) });
    const catalog = await expectJson<Json>(t, response, 200, `page ${pages.length + 1}`);
    t.same(validateDsp('Catalog', catalog), [], 'every page is a valid Catalog');
    const rel = links(response);
    if (pages.length > 0) {
      const before = pages.slice(0, -1).flat().length;
      t.equal(rel.previous && new URL(rel.previous).searchParams.get('offset'), String(before), 'previous names the page before');
    }
    pages.push(catalog.dataset ?? []);
    if (!rel.next) break;
    url = rel.next;
  }
  const datasets = pages.flat().map((d) => ({ id: d['@id'] as string, definitions: d.hasPolicy.map((o: Json) => parseContractOfferId(o['@id'])!.contractDefinitionId) }));
  return { pages, datasets };
}

await forEachDialect(t, 'catalog pages', async (t, _dialect, store) => {
  const rt = await startCatalogRuntime(t, store, { catalog: { pageSize: 4 } });
  const policies = { everyone: EVERYONE, nobody: onlyFor('did:web:nobody.example') };
  // One definition selects everything: paged in SQL; a hidden one must not add anything.
  await setUpParticipant(t, rt, 'sql', {
    policies,
    assets,
    definitions: [
      { id: 'all', access: 'everyone', contract: 'everyone' },
      { id: 'hidden', access: 'nobody', contract: 'everyone', selector: [{ operandLeft: 'id', operator: 'in', operandRight: ['asset-01', 'extra'] }] },
      { id: 'some', access: 'everyone', contract: 'everyone', selector: [{ operandLeft: 'id', operator: 'in', operandRight: ['asset-02', 'asset-05'] }] },
    ],
  });
  // Selectors on ids only, united in SQL.
  await setUpParticipant(t, rt, 'ids', {
    policies,
    assets,
    definitions: [
      { id: 'first', access: 'everyone', contract: 'everyone', selector: [{ operandLeft: 'id', operator: 'in', operandRight: ['asset-01', 'asset-03', 'asset-09'] }] },
      { id: 'second', access: 'everyone', contract: 'everyone', selector: [{ operandLeft: 'id', operator: '!=', operandRight: 'asset-00' }, { operandLeft: 'id', operator: 'in', operandRight: ['asset-00', 'asset-03', 'asset-04', 'asset-10'] }] },
    ],
  });
  // A selector on a property: tested in memory.
  await setUpParticipant(t, rt, 'memory', {
    policies,
    assets,
    definitions: [
      { id: 'eu', access: 'everyone', contract: 'everyone', selector: [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }] },
      { id: 'picked', access: 'everyone', contract: 'everyone', selector: [{ operandLeft: 'id', operator: 'in', operandRight: ['asset-01', 'asset-03'] }] },
    ],
  });

  await t.test('one selector selects everything: paged in SQL', async (t) => {
    const { pages, datasets } = await walk(t, rt, 'sql');
    t.same(pages.map((page) => page.length), [4, 4, 3], 'pages of pageSize');
    t.same(datasets.map((d) => d.id), ids(assets), 'every dataset exactly once, oldest first');
    t.same(datasets.find((d) => d.id === 'asset-02')!.definitions, ['all', 'some'], 'every visible definition that selects it offers it');
    t.same(datasets.find((d) => d.id === 'asset-01')!.definitions, ['all'], 'a hidden definition offers nothing');
  });

  await t.test('selectors on ids: their union, in SQL', async (t) => {
    const { datasets } = await walk(t, rt, 'ids');
    t.same(datasets, [
      { id: 'asset-01', definitions: ['first'] },
      { id: 'asset-03', definitions: ['first', 'second'] },
      { id: 'asset-04', definitions: ['second'] },
      { id: 'asset-09', definitions: ['first'] },
      { id: 'asset-10', definitions: ['second'] },
    ]);
  });

  await t.test('a selector on a property: tested in memory, same pages', async (t) => {
    const { pages, datasets } = await walk(t, rt, 'memory');
    t.same(pages.map((page) => page.length), [4, 1]);
    t.same(datasets, [
      { id: 'asset-00', definitions: ['eu'] },
      { id: 'asset-01', definitions: ['picked'] },
      { id: 'asset-03', definitions: ['eu', 'picked'] },
      { id: 'asset-06', definitions: ['eu'] },
      { id: 'asset-09', definitions: ['eu'] },
    ]);
  });

  await t.test('the consumer may choose the page size', async (t) => {
    const { pages, datasets } = await walk(t, rt, 'sql', `${rt.dspBase('sql')}/catalog/request?limit=5`);
    t.same(pages.map((page) => page.length), [5, 5, 1]);
    t.same(datasets.map((d) => d.id), ids(assets));
    const last = await requestCatalog(rt, 'sql', CONSUMER, { url: `${rt.dspBase('sql')}/catalog/request?offset=50` });
    const beyond = await expectJson<Json>(t, last, 200, 'a page beyond the end');
    t.notOk('dataset' in beyond, 'is an empty catalog (no dataset member: the schema wants at least one when present)');
    t.same(validateDsp('Catalog', beyond), []);
    t.ok(links(last).previous, 'which links back');
    await expectJson(t, requestCatalog(rt, 'sql', CONSUMER, { url: `${rt.dspBase('sql')}/catalog/request?limit=501` }), 400, 'at most 500 a page');
  });

  await t.test('filters', async (t) => {
    const criterion = (operandLeft: string, operator: string, operandRight: unknown) => ({ [`${EDC}operandLeft`]: operandLeft, [`${EDC}operator`]: operator, [`${EDC}operandRight`]: operandRight });
    const filtered = async (participant: string, filter: unknown[]) => (await walk(t, rt, participant, undefined, filter)).datasets.map((d) => d.id);
    t.same(await filtered('sql', [criterion('id', 'in', ['asset-02', 'asset-07'])]), ['asset-02', 'asset-07'], 'by id (SQL)');
    t.same(await filtered('sql', [criterion('id', 'in', ['asset-07'])]), ['asset-07'], 'in with one value, which JSON-LD compacts to the value');
    t.same(await filtered('sql', [criterion('region', '=', 'eu'), criterion('name', 'like', 'asset 1%')]), [], 'all criteria must hold');
    t.same(await filtered('sql', [criterion('properties.region', '=', 'eu')]), ['asset-00', 'asset-03', 'asset-06', 'asset-09'], 'by a property, over several pages');
    t.same(await filtered('memory', [criterion('name', 'like', 'asset _')]), ['asset-00', 'asset-01', 'asset-03', 'asset-06', 'asset-09'], 'within what the counterparty may see');
    t.same(await filtered('sql', [criterion('privateProperties.secret', '=', 'odd')]), [], 'private properties cannot be filtered on: nothing is learnt of them');
    t.same(await filtered('sql', [{}]), (await walk(t, rt, 'sql')).datasets.map((d) => d.id), 'an empty filter object, as EDC consumers send it, is no filter');

    const invalid = async (filter: unknown[], why: string) => {
      const body = await expectJson<Json>(t, requestCatalog(rt, 'sql', CONSUMER, { filter }), 400, why);
      t.equal(body['@type'], 'CatalogError', `${why}: CatalogError`);
      return body.reason[0] as string;
    };
    t.match(await invalid([{ operandLeft: 'id', operator: '=', operandRight: 'x' }], 'bare keys, which the DSP context does not define'), /operandLeft/);
    t.match(await invalid([criterion('id', 'between', 'x')], 'an unknown operator'), /operator/);
    t.match(await invalid(['name = x'], 'a string'), /criterion object/);
  });
});
