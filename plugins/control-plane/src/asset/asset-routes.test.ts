import { type ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { errorPaths, expectJson, send, startManagementApi } from '../management/test-support/start-management-api.ts';
import { Assets } from '../tokens.ts';

const EDC = 'https://w3id.org/edc/v0.0.1/ns/';
const http = (baseUrl: string) => ({ type: 'HttpData', baseUrl });

await forEachDialect(t, 'assets through the management API', async (t, _dialect, store) => {
  const api = await startManagementApi(t, store);
  const assets = `${api.participant('alpha')}/assets`;
  const ids = async (res: Response | Promise<Response>) => ((await expectJson<Array<{ '@id': string }>>(t, res, 200)) ?? []).map((a) => a['@id']);

  await t.test('create, read, replace and delete', async (t) => {
    const res = await fetch(assets, send('POST', { '@id': 'crud-1', properties: { name: 'Weather', contenttype: 'application/json' }, dataAddress: http('https://a.example') }));
    t.equal(res.headers.get('location'), '/management/v1/participants/alpha/assets/crud-1');
    const created = await expectJson(t, res, 201);
    t.match(created, { '@id': 'crud-1', '@type': 'Asset', properties: { name: 'Weather' }, privateProperties: {}, dataAddress: { '@type': 'DataAddress', type: 'HttpData', baseUrl: 'https://a.example' } });
    t.type(created.createdAt, 'number', 'createdAt is epoch milliseconds, as in EDC');
    t.ok(Math.abs(created.createdAt - Date.now()) < 60_000);
    t.same(await expectJson(t, fetch(`${assets}/crud-1`), 200), created);

    const generated = await expectJson(t, fetch(assets, send('POST', { dataAddress: http('https://b.example') })), 201);
    t.match(generated['@id'], /^[0-9a-f-]{36}$/, 'an id is generated when none is given');

    const taken = await fetch(assets, send('POST', { '@id': 'crud-1', dataAddress: http('https://c.example') }));
    t.equal(taken.status, 409);
    t.equal(taken.headers.get('content-type'), 'application/problem+json');

    const replaced = await expectJson(t, fetch(`${assets}/crud-1`, send('PUT', { properties: { name: 'Climate' }, privateProperties: { cost: 3 }, dataAddress: http('https://d.example') })), 200);
    t.same(replaced.properties, { name: 'Climate' }, 'PUT replaces the properties: contenttype is gone');
    t.same(replaced.privateProperties, { cost: 3 });
    t.equal(replaced.createdAt, created.createdAt, 'the creation time stays');
    t.same(await expectJson(t, fetch(`${assets}/crud-1`), 200), replaced, 'the replacement is stored');

    const edcStyle = await expectJson(t, fetch(assets, send('PUT', { '@id': 'crud-1', properties: { name: 'EDC' }, dataAddress: http('https://e.example') })), 200);
    t.same(edcStyle.properties, { name: 'EDC' }, "EDC's PUT on the collection takes the id from the body");
    await expectJson(t, fetch(assets, send('PUT', { dataAddress: http('https://e.example') })), 400, 'PUT on the collection needs @id');
    const mismatch = await expectJson(t, fetch(`${assets}/crud-1`, send('PUT', { '@id': 'other', dataAddress: http('https://e.example') })), 400);
    t.match(mismatch.detail, 'ids never change');
    await expectJson(t, fetch(`${assets}/nothing`, send('PUT', { dataAddress: http('https://e.example') })), 404);

    t.equal((await fetch(`${assets}/crud-1`, { method: 'DELETE' })).status, 204);
    await expectJson(t, fetch(`${assets}/crud-1`), 404);
    await expectJson(t, fetch(`${assets}/crud-1`, { method: 'DELETE' }), 404);
    t.equal((await fetch(`${assets}/${generated['@id']}`, { method: 'DELETE' })).status, 204);
  });

  await t.test('plain JSON and every EDC JSON-LD form store the same asset', async (t) => {
    const plain = { properties: { name: 'Same', description: 'one asset', 'http://purl.org/dc/terms/title': 'T' }, privateProperties: { owner: 'ops' }, dataAddress: http('https://same.example') };
    const forms: Record<string, unknown> = {
      plain: { '@id': 'form-plain', ...plain },
      'plain with id': { id: 'form-id', ...plain },
      vocab: { '@context': { '@vocab': EDC, dct: 'http://purl.org/dc/terms/' }, '@id': 'form-vocab', '@type': 'Asset', properties: { name: 'Same', description: 'one asset', 'dct:title': 'T' }, privateProperties: { owner: 'ops' }, dataAddress: { '@type': 'DataAddress', type: 'HttpData', baseUrl: 'https://same.example' } },
      prefixed: {
        '@context': { edc: EDC },
        '@id': 'form-prefixed',
        '@type': 'edc:Asset',
        'edc:properties': { 'edc:name': 'Same', 'edc:description': 'one asset', 'http://purl.org/dc/terms/title': 'T' },
        'edc:privateProperties': { 'edc:owner': 'ops' },
        'edc:dataAddress': { 'edc:type': 'HttpData', 'edc:baseUrl': 'https://same.example' },
      },
      expanded: {
        '@id': 'form-expanded',
        '@type': `${EDC}Asset`,
        [`${EDC}properties`]: { [`${EDC}name`]: 'Same', [`${EDC}description`]: 'one asset', 'http://purl.org/dc/terms/title': 'T' },
        [`${EDC}privateProperties`]: { [`${EDC}owner`]: 'ops' },
        [`${EDC}dataAddress`]: { [`${EDC}type`]: 'HttpData', [`${EDC}baseUrl`]: 'https://same.example' },
      },
      'management context': { '@context': ['https://w3id.org/edc/connector/management/v2', { dct: 'http://purl.org/dc/terms/' }], '@type': 'Asset', '@id': 'form-context', ...plain, properties: { ...plain.properties } },
    };
    let expected: unknown;
    for (const [form, body] of Object.entries(forms)) {
      const contentType = form === 'plain' ? 'application/json' : 'application/ld+json';
      const created = await expectJson(t, fetch(assets, send('POST', body, contentType)), 201, `${form} is accepted`);
      const { '@id': _id, createdAt: _createdAt, ...stored } = await expectJson(t, fetch(`${assets}/${created['@id']}`), 200);
      expected ??= stored;
      t.same(stored, expected, `${form} stores the same asset`);
    }
    t.same((expected as { properties: object }).properties, plain.properties, 'EDC keys are bare, other vocabularies full IRIs');
  });

  await t.test('invalid assets are refused naming every problem', async (t) => {
    const problem = await expectJson(t, fetch(assets, send('POST', { '@type': 'PolicyDefinition', properties: [], extra: 1, dataAddress: { baseUrl: 'x', authCode: 'secret-value' } })), 400);
    t.same(errorPaths(problem), ['@type', 'dataAddress.authCode', 'dataAddress.type', 'extra', 'properties']);
    t.notMatch(JSON.stringify(problem), 'secret-value', 'a secret never comes back');
    t.same(errorPaths(await expectJson(t, fetch(assets, send('POST', { properties: {} })), 400)), ['dataAddress']);
    t.same(errorPaths(await expectJson(t, fetch(assets, send('POST', { '@id': '', dataAddress: http('x') })), 400)), ['@id']);
    t.same(errorPaths(await expectJson(t, fetch(assets, send('POST', { '@id': 'a', id: 'b', dataAddress: http('x') })), 400)), ['id'], '@id and id at once');
    t.same(errorPaths(await expectJson(t, fetch(assets, send('POST', { '@context': 'https://example.com/ctx', dataAddress: http('x') })), 400)), ['@context'], 'remote contexts are never fetched');
    t.same(errorPaths(await expectJson(t, fetch(assets, send('POST', { properties: { name: 1, 'edc:name': 2 }, dataAddress: http('x') })), 400)), ['properties.edc:name']);
    t.same(errorPaths(await expectJson(t, fetch(assets, send('POST', [1])), 400)), ['']);
    t.equal((await fetch(assets, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status, 415);
  });

  await t.test('lists and queries', async (t) => {
    const list = `${api.participant('beta')}/assets`;
    const rows = [
      { '@id': 'q-1', properties: { name: 'Alpha Weather', region: 'eu', version: 2, tags: ['a', 'b'] } },
      { '@id': 'q-2', properties: { name: 'beta weather', region: 'us', version: 10 } },
      { '@id': 'q-3', properties: { name: 'Gamma', region: 'eu', version: 1 }, privateProperties: { tier: 'gold' } },
      { '@id': 'q-4', properties: { name: 'Delta', region: 'eu' } },
      { '@id': 'x-5', properties: { name: 'Epsilon', region: 'apac', version: 3 } },
    ];
    for (const row of rows) await expectJson(t, fetch(list, send('POST', { ...row, dataAddress: http('https://q.example') })), 201);

    const firstPage = await fetch(`${list}?limit=2`);
    t.equal(firstPage.headers.get('x-total-count'), '5');
    t.match(firstPage.headers.get('link'), /limit=2&offset=2>; rel="next"/);
    t.same(await ids(firstPage), ['q-1', 'q-2'], 'oldest first');
    t.same(await ids(fetch(`${list}?offset=4&limit=2`)), ['x-5']);
    t.same(await ids(fetch(`${list}?id=q-3`)), ['q-3']);
    const filtered = await fetch(`${list}?properties.region=eu&limit=2&offset=1`);
    t.equal(filtered.headers.get('x-total-count'), '3', 'the total counts every matching asset, not the page');
    t.same(await ids(filtered), ['q-3', 'q-4']);
    t.same(await ids(fetch(`${list}?properties.version=2`)), ['q-1'], 'a number matches its text');
    t.same(await ids(fetch(`${list}?privateProperties.tier=gold`)), ['q-3']);
    t.same(await ids(fetch(`${list}?properties.tags=b`)), ['q-1'], 'a list matches by its items');
    await expectJson(t, fetch(`${list}?region=eu`), 400, 'unknown parameters are refused');
    await expectJson(t, fetch(`${list}?limit=501`), 400);

    const query = (spec: unknown) => fetch(`${list}/request`, send('POST', spec));
    const all = await fetch(`${list}/request`, { method: 'POST' });
    t.equal(all.headers.get('x-total-count'), '5');
    t.same(await ids(all), ['q-1', 'q-2', 'q-3', 'q-4', 'x-5'], 'no body: everything');
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'id', operator: 'in', operandRight: ['q-2', 'x-5', 'none'] }] })), ['q-2', 'x-5']);
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'id', operator: '!=', operandRight: 'q-1' }], limit: 1, offset: 1 })), ['q-3']);
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'id', operator: 'like', operandRight: 'q-%' }], sortField: 'id', sortOrder: 'DESC' })), ['q-4', 'q-3', 'q-2', 'q-1']);
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'name', operator: '=', operandRight: 'Gamma' }] })), ['q-3'], 'a bare name is a property key');
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'name', operator: 'like', operandRight: '%Weather' }] })), ['q-1'], 'like is case-sensitive on both dialects');
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'name', operator: 'ilike', operandRight: '%weather' }] })), ['q-1', 'q-2']);
    t.same(await ids(query({ filterExpression: [{ operandLeft: 'properties.region', operator: '!=', operandRight: 'eu' }] })), ['q-2', 'x-5']);
    t.same(
      await ids(query({ filterExpression: [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }, { operandLeft: 'id', operator: '!=', operandRight: 'q-4' }] })),
      ['q-1', 'q-3'],
      'every criterion must hold (SQL and memory together)',
    );
    const sorted = await query({ sortField: 'version', sortOrder: 'DESC', limit: 3 });
    t.equal(sorted.headers.get('x-total-count'), '5');
    t.same(await ids(sorted), ['q-2', 'x-5', 'q-1'], 'numbers sort by value');
    t.same(await ids(query({ sortField: 'properties.version', offset: 3 })), ['q-2', 'q-4'], 'missing values sort last');
    t.same(await ids(query({ sortField: 'createdAt', sortOrder: 'DESC', limit: 2 })), ['x-5', 'q-4']);

    const jsonLd = {
      '@context': { '@vocab': EDC },
      '@type': 'QuerySpec',
      filterExpression: [{ '@type': 'Criterion', operandLeft: `${EDC}id`, operator: '=', operandRight: 'q-3' }],
    };
    t.same(await ids(fetch(`${list}/request`, send('POST', jsonLd, 'application/ld+json'))), ['q-3'], 'a JSON-LD QuerySpec with EDC IRIs');
    t.same(await ids(query({ '@context': { edc: EDC }, 'edc:filterExpression': { 'edc:operandLeft': 'edc:region', 'edc:operator': '=', 'edc:operandRight': 'apac' } })), ['x-5']);

    const invalid = await expectJson(t, query({ limit: 0, offset: -1, sortOrder: 'UP', extra: true, filterExpression: [{ operandLeft: '', operator: 'gt', operandRight: {} }, { operandLeft: 'id', operator: 'in', operandRight: [['q-1']] }] }), 400);
    t.same(errorPaths(invalid), ['extra', 'filterExpression[0].operandLeft', 'filterExpression[0].operator', 'filterExpression[1].operandRight', 'limit', 'offset', 'sortOrder']);
  });

  await t.test('the Assets service', async (t) => {
    const service = api.runtime.get(Assets);
    t.match(await service.get('beta', 'q-3'), { id: 'q-3', participantContextId: 'beta', properties: { name: 'Gamma' } });
    const page = await service.query('beta', { filter: [{ operandLeft: 'region', operator: 'in', operandRight: ['eu', 'us'] }], limit: 2 });
    t.same([page.total, page.items.map((a) => a.id)], [4, ['q-1', 'q-2']]);
    t.equal((await rejectionOf<ProblemError>(service.get('alpha', 'q-3'))).status, 404, "alpha has no asset q-3; beta's stays hidden");
  });

  await t.test('an unknown participant context is a 404 everywhere', async (t) => {
    const nobody = `${api.participant('nobody')}/assets`;
    for (const [url, init] of [
      [nobody, send('POST', { dataAddress: http('x') })],
      [nobody, {}],
      [`${nobody}/request`, { method: 'POST' }],
      [`${nobody}/q-1`, {}],
      [`${nobody}/q-1`, send('PUT', { dataAddress: http('x') })],
      [`${nobody}/q-1`, { method: 'DELETE' }],
    ] as const) {
      const problem = await expectJson(t, fetch(url, init), 404, `${init.method ?? 'GET'} ${url.slice(api.base.length)}`);
      t.match(problem.detail, 'participant context nobody does not exist');
    }
  });

  await t.test('deleting a participant context deletes its assets', async (t) => {
    const participants = `${api.base}/v1/participants`;
    await expectJson(t, fetch(`${participants}/beta/deactivate`, { method: 'POST' }), 200);
    t.equal((await fetch(`${participants}/beta`, { method: 'DELETE' })).status, 204);
    await expectJson(t, fetch(participants, send('POST', { id: 'beta', participantId: 'did:web:beta2.example' })), 201);
    t.same(await ids(fetch(`${api.participant('beta')}/assets`)), [], 'a new context with the same id starts empty');
  });

  await t.test('the OpenAPI document describes the asset API', async (t) => {
    const openapi = await expectJson(t, fetch(`${api.base}/openapi.json`), 200);
    const paths = ['', '/request', '/{id}'].map((suffix) => `/v1/participants/{participantContextId}/assets${suffix}`);
    for (const path of paths) t.ok(openapi.paths[path], `${path} is described`);
    t.ok(openapi.components.schemas.Asset && openapi.components.schemas.QuerySpec);
  });
});
