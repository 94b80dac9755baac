/**
 * The consumer side on the management API: a participant context asks another one for its catalog
 * and datasets over real HTTP, in one runtime and across two runtimes, and every way the
 * counterparty can fail becomes the right problem.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { validateDsp } from '@tdss/json-ld';
import { HttpServer } from '@tdss/sdk';
import { createTempDir, forEachDialect, freePort } from '@tdss/testing';
import t, { type Test } from 'tap';
import { expectJson, send } from '../management/test-support/start-management-api.ts';
import { type CatalogRuntime, EVERYONE, onlyFor, participantIdOf, setUpParticipant, startCatalogRuntime } from './test-support/catalog-runtime.ts';

type Json = Record<string, any>;

/** beta offers one asset per number to alpha only, and a few to everyone. */
async function setUpProvider(t: Test, rt: CatalogRuntime): Promise<void> {
  await setUpParticipant(t, rt, 'beta', {
    policies: { alpha: onlyFor(participantIdOf('alpha')), everyone: EVERYONE },
    assets: Array.from({ length: 7 }, (_, i) => ({ id: `b${i}`, properties: { name: `beta ${i}`, kind: i < 2 ? 'public' : 'shared' } })),
    definitions: [
      { id: 'for-alpha', access: 'alpha', contract: 'everyone', selector: [{ operandLeft: 'kind', operator: '=', operandRight: 'shared' }] },
      { id: 'public', access: 'everyone', contract: 'everyone', selector: [{ operandLeft: 'kind', operator: '=', operandRight: 'public' }] },
    ],
  });
}

function catalogRequest(rt: CatalogRuntime, consumer: string, body: Json): Promise<Response> {
  return fetch(`${rt.participant(consumer)}/catalog/request`, send('POST', body));
}

function datasetRequest(rt: CatalogRuntime, consumer: string, body: Json): Promise<Response> {
  return fetch(`${rt.participant(consumer)}/catalog/dataset/request`, send('POST', body));
}

const ids = (catalog: Json) => (catalog.dataset ?? []).map((d: Json) => d['@id']);

await forEachDialect(t, 'a participant asks another one for its catalog', async (t, _dialect, store) => {
  const rt = await startCatalogRuntime(t, store, { catalog: { pageSize: 3 } });
  await setUpProvider(t, rt);
  await setUpParticipant(t, rt, 'alpha', {});
  await setUpParticipant(t, rt, 'gamma', {});
  const beta = { counterpartyAddress: rt.dspBase('beta'), counterpartyId: participantIdOf('beta') };

  await t.test('in one runtime, over HTTP', async (t) => {
    const response = await catalogRequest(rt, 'alpha', { ...beta, protocol: 'dataspace-protocol-http:2025-1', querySpec: { limit: 50 } });
    const catalog = await expectJson<Json>(t, response, 200);
    t.same(validateDsp('Catalog', catalog), [], 'a valid DSP Catalog');
    t.same(ids(catalog), ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6'], "alpha's own participant id travels in its token: it sees what is for alpha");
    t.equal(catalog.participantId, participantIdOf('beta'));
    t.equal(catalog.service[0].endpointURL, rt.dspBase('beta'));
    const gamma = await expectJson<Json>(t, catalogRequest(rt, 'gamma', beta), 200);
    t.same(ids(gamma), ['b0', 'b1'], 'another consumer sees only the public part');
  });

  await t.test('pages and filters', async (t) => {
    const first = await catalogRequest(rt, 'alpha', beta);
    t.same(ids(await expectJson<Json>(t, first, 200)), ['b0', 'b1', 'b2'], "the provider's page size");
    t.match(first.headers.get('x-counterparty-link'), /offset=3&limit=3>; rel="next"/, "the provider's page links");
    const second = await catalogRequest(rt, 'alpha', { ...beta, querySpec: { offset: 3, limit: 3 } });
    t.same(ids(await expectJson<Json>(t, second, 200)), ['b3', 'b4', 'b5'], 'querySpec offset and limit page');
    t.match(second.headers.get('x-counterparty-link'), /rel="previous".*rel="next"/);
    const filtered = await catalogRequest(rt, 'alpha', { ...beta, querySpec: { filterExpression: [{ operandLeft: 'name', operator: 'in', operandRight: ['beta 1', 'beta 4'] }] } });
    t.same(ids(await expectJson<Json>(t, filtered, 200)), ['b1', 'b4'], 'filterExpression becomes the catalog filter');
    const jsonLd = {
      '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
      '@type': 'CatalogRequest',
      counterpartyAddress: beta.counterpartyAddress,
      counterpartyId: beta.counterpartyId,
      querySpec: { '@type': 'QuerySpec', filterExpression: [{ '@type': 'Criterion', operandLeft: 'id', operator: '=', operandRight: 'b6' }] },
    };
    t.same(ids(await expectJson<Json>(t, catalogRequest(rt, 'alpha', jsonLd), 200)), ['b6'], 'a JSON-LD request body');
  });

  await t.test('datasets', async (t) => {
    const dataset = await expectJson<Json>(t, datasetRequest(rt, 'alpha', { ...beta, datasetId: 'b4' }), 200);
    t.same(validateDsp('Dataset', dataset), [], 'a valid DSP Dataset');
    t.equal(dataset['@id'], 'b4');
    t.equal((await expectJson<Json>(t, datasetRequest(rt, 'alpha', { ...beta, '@id': 'b5' }), 200))['@id'], 'b5', "EDC's @id names the dataset too");
    const hidden = await expectJson<Json>(t, datasetRequest(rt, 'gamma', { ...beta, datasetId: 'b4' }), 502, 'a dataset hidden from the consumer');
    t.match(hidden, { status: 502, counterpartyStatus: 404, counterpartyCode: '404', counterpartyReason: ['dataset "b4" does not exist or is not offered to you'] });
    t.match(hidden.detail, `counterparty ${beta.counterpartyId} at ${beta.counterpartyAddress} answered 404`);
  });

  await t.test('the counterparty refuses or fails', async (t) => {
    const wrongId = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { ...beta, counterpartyId: 'did:web:someone-else.example' }), 502, 'a token for the wrong audience');
    t.equal(wrongId.counterpartyStatus, 401);
    const unknown = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { ...beta, counterpartyAddress: rt.dspBase('nobody') }), 502, 'no such participant there');
    t.equal(unknown.counterpartyStatus, 404);
    const closed = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { ...beta, counterpartyAddress: `http://127.0.0.1:${await freePort()}/protocol/x/2025-1` }), 502, 'nothing listens');
    t.match(closed.detail, /could not be reached \(ECONNREFUSED\)/);
    t.equal(closed.type, 'https://tdss.dev/problems/counterparty-unreachable');
  });

  await t.test('what the consumer can get wrong', async (t) => {
    const invalid = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { counterpartyAddress: 'ftp://x', protocol: 'ids', querySpec: { sortField: 'name' }, extra: 1 }), 400);
    t.same(invalid.errors.map((e: Json) => e.path).sort(), ['counterpartyAddress', 'counterpartyId', 'extra', 'protocol', 'querySpec']);
    await expectJson(t, datasetRequest(rt, 'alpha', beta), 400, 'a dataset request without a dataset');
    await expectJson(t, catalogRequest(rt, 'nobody', beta), 404, 'an unknown participant context');
    await expectJson(t, fetch(`${rt.participant('gamma')}/deactivate`, { method: 'POST' }), 200);
    await expectJson(t, catalogRequest(rt, 'gamma', beta), 409, 'a deactivated participant context asks nobody');
  });
});

await forEachDialect(t, 'between two runtimes', async (t, _dialect, store) => {
  const provider = await startCatalogRuntime(t, store);
  const consumer = await startCatalogRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t), 'consumer.sqlite') });
  await setUpProvider(t, provider);
  await setUpParticipant(t, consumer, 'alpha', {});
  const beta = { counterpartyAddress: provider.dspBase('beta'), counterpartyId: participantIdOf('beta') };
  const catalog = await expectJson<Json>(t, catalogRequest(consumer, 'alpha', { ...beta, querySpec: { limit: 10 } }), 200);
  t.same(ids(catalog), ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
  const offerId = catalog.dataset[3].hasPolicy[0]['@id'];
  const dataset = await expectJson<Json>(t, datasetRequest(consumer, 'alpha', { ...beta, datasetId: 'b3' }), 200);
  t.equal(dataset.hasPolicy[0]['@id'], offerId, 'the dataset carries the offer the catalog showed');
});

t.test('counterparties that answer late or not in DSP', async (t) => {
  const rt = await startCatalogRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t), 'db.sqlite') }, { catalog: { requestTimeoutMs: 300 } });
  await setUpParticipant(t, rt, 'alpha', {});
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/silent')) return; // never answers
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'Catalog', '@id': 'urn:c' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const late = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { counterpartyAddress: `${base}/silent`, counterpartyId: 'did:web:silent.example' }), 504);
  t.match(late.detail, 'did not answer within 300 ms');
  const notDsp = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { counterpartyAddress: `${base}/odd`, counterpartyId: 'did:web:odd.example' }), 502);
  t.equal(notDsp.type, 'https://tdss.dev/problems/counterparty-invalid-answer');
  t.match(notDsp.errors, [{ path: '', message: /participantId/ }], 'the schema problems of the answer');
});

t.test('without an identity service nobody is asked', async (t) => {
  const rt = await startCatalogRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t), 'db.sqlite') }, { identity: false });
  await setUpParticipant(t, rt, 'alpha', {});
  const problem = await expectJson<Json>(t, catalogRequest(rt, 'alpha', { counterpartyAddress: 'http://127.0.0.1:1/x', counterpartyId: 'did:web:x' }), 503);
  t.match(problem.detail, /DspIdentityService/);
});

t.test('the management routes are in the OpenAPI document', async (t) => {
  const rt = await startCatalogRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t), 'db.sqlite') });
  const doc = await expectJson<Json>(t, fetch(`${rt.runtime.get(HttpServer).url('management')}/openapi.json`), 200);
  t.ok(doc.paths['/v1/participants/{participantContextId}/catalog/request']?.post);
  t.ok(doc.paths['/v1/participants/{participantContextId}/catalog/dataset/request']?.post);
  t.ok(doc.components.schemas.CatalogRequest);
});
