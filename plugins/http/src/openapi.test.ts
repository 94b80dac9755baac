import Router from '@koa/router';
import { PROBLEM_SCHEMA_REF } from '@tdss/sdk';
import t from 'tap';
import { routesPlugin, startHttp } from './test-support/http-test-kit.ts';

const problemResponse = { description: 'failure', content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } } };
const assetSchema = { type: 'object', properties: { id: { type: 'string' } } };

const assets = {
  context: 'management',
  router: new Router(),
  openapi: {
    tags: [{ name: 'assets' }],
    paths: { '/assets': { get: { operationId: 'listAssets', responses: { '200': { description: 'ok' } } } } },
    components: { schemas: { Asset: assetSchema } },
  },
};
const moreAssets = {
  context: 'management',
  router: new Router(),
  openapi: {
    tags: [{ name: 'assets' }, { name: 'policies' }],
    paths: {
      '/assets': { post: { operationId: 'createAsset', responses: { '201': { description: 'created' }, '400': problemResponse } } },
      '/policies': { get: { operationId: 'listPolicies', responses: { '200': { description: 'ok' } } } },
    },
    components: { schemas: { Asset: assetSchema } },
  },
};
const protocolOnly = {
  context: 'protocol',
  router: new Router(),
  openapi: { paths: { '/catalog/request': { post: { operationId: 'requestCatalog', responses: { '200': { description: 'ok' } } } } } },
};

t.test('each context serves the merge of its fragments as OpenAPI 3.1', async (t) => {
  const { url } = await startHttp(t, { plugins: [routesPlugin('test-openapi', [assets, moreAssets, protocolOnly])] });
  const response = await fetch(`${url('management')}/openapi.json`);
  t.equal(response.status, 200);
  const doc = (await response.json()) as Record<string, any>;
  t.equal(doc.openapi, '3.1.0');
  t.same(doc.servers, [{ url: url('management') }], 'servers is the context URL with the real port');
  t.same(Object.keys(doc.paths).sort(), ['/assets', '/policies']);
  t.same(Object.keys(doc.paths['/assets']).sort(), ['get', 'post'], 'operations on one path merge');
  t.same(doc.components.schemas.Asset, assetSchema, 'an identical component may come twice');
  t.match(doc.components.schemas.Problem, { required: ['type', 'title', 'status'] }, 'the problem schema is a component');
  t.same(
    doc.tags.map((tag: { name: string }) => tag.name),
    ['assets', 'policies'],
  );
  t.notOk(doc.paths['/catalog/request'], 'other contexts stay out');

  const protocol = (await (await fetch(`${url('protocol')}/openapi.json`)).json()) as Record<string, any>;
  t.same(Object.keys(protocol.paths), ['/catalog/request']);
  const empty = (await (await fetch(`${url('signaling')}/openapi.json`)).json()) as Record<string, any>;
  t.same(empty.paths, {}, 'a context without contributions still documents its problem schema');
  t.ok(empty.components.schemas.Problem);
});

t.test('the observability context documents its own endpoints', async (t) => {
  const { url } = await startHttp(t);
  const doc = (await (await fetch(`${url('observability')}/openapi.json`)).json()) as Record<string, any>;
  t.same(Object.keys(doc.paths).sort(), ['/health/live', '/health/ready', '/metrics']);
  t.ok(doc.components.schemas.Readiness);
  t.same(doc.servers, [{ url: url('observability') }]);
});

t.test('two fragments documenting one operation differently fail start-up', async (t) => {
  const clash = { context: 'management', router: new Router(), openapi: { paths: { '/assets': { get: { operationId: 'other', responses: {} } } } } };
  await t.rejects(startHttp(t, { plugins: [routesPlugin('test-clash', [assets, clash])] }), /two OpenAPI fragments of context management define GET \/assets differently/);
});
