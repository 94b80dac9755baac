/**
 * The provider side over real HTTP with development tokens, on both dialects: what each
 * counterparty sees (access policy by participant id and by claim), offers and distributions,
 * datasets, errors as CatalogError, isolation between participant contexts, and validity against
 * the DSP 2025-1 schemas.
 */
import { createDspJsonLd, validateDsp } from '@tdss/json-ld';
import { join } from 'node:path';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { expectJson, send } from '../management/test-support/start-management-api.ts';
import { parseContractOfferId } from './contract-offer-id.ts';
import {
  EVERYONE,
  onlyFor,
  participantIdOf,
  requestCatalog,
  requestDataset,
  setUpParticipant,
  startCatalogRuntime,
} from './test-support/catalog-runtime.ts';

const PLAIN = 'did:web:plain.example';
const GOLD = 'did:web:gold.example';
const MEMBER = 'did:web:member.example';
const FORMATS = ['HttpData-PULL', 'AmazonS3-PUSH'];
const jsonLd = createDspJsonLd();

const research = { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };
const acmeCatalog = {
  policies: {
    everyone: EVERYONE,
    'gold-only': onlyFor(GOLD),
    members: { permission: [{ action: 'use', constraint: [{ leftOperand: 'MembershipCredential.level', operator: 'eq', rightOperand: 'gold' }] }] },
    research,
    'at-most-5': { permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 5 }] }] },
  },
  assets: [1, 2, 3, 4, 5].map((n) => ({
    id: `a${n}`,
    properties: { name: `acme asset ${n}`, region: n % 2 ? 'eu' : 'us', 'http://purl.org/dc/terms/title': `Title ${n}`, nested: { depth: n } },
    privateProperties: { secret: `acme-private-${n}` },
  })),
  definitions: [
    // region is a JSON key: the selector is tested in memory.
    { id: 'open', access: 'everyone', contract: 'research', selector: [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }] },
    { id: 'gold', access: 'gold-only', contract: 'at-most-5', selector: [{ operandLeft: 'id', operator: 'in', operandRight: ['a2', 'a4'] }] },
    { id: 'members', access: 'members', contract: 'everyone', selector: [{ operandLeft: 'id', operator: '=', operandRight: 'a4' }] },
  ],
};

type Json = Record<string, any>;
const datasetIds = (catalog: Json) => (catalog.dataset ?? []).map((d: Json) => d['@id']);
const offerDefinitions = (dataset: Json) => dataset.hasPolicy.map((o: Json) => parseContractOfferId(o['@id'])!.contractDefinitionId);

await forEachDialect(t, 'the catalog a counterparty sees', async (t, _dialect, store) => {
  const rt = await startCatalogRuntime(t, store, { claims: { [MEMBER]: { MembershipCredential: { level: 'gold' } } }, catalog: { transferFormats: FORMATS } });
  await setUpParticipant(t, rt, 'acme', acmeCatalog);
  // Another participant context of the same runtime with the same asset ids and a catalog for everyone.
  await setUpParticipant(t, rt, 'other', {
    policies: { everyone: EVERYONE },
    assets: [{ id: 'a1', properties: { name: 'other asset' }, privateProperties: { secret: 'other-private' } }, { id: 'only-other' }],
    definitions: [{ id: 'open', access: 'everyone', contract: 'everyone' }],
  });
  const catalogOf = async (t: Test, from: string) => {
    const response = await requestCatalog(rt, 'acme', from);
    const text = await response.text();
    t.equal(response.status, 200, `catalog for ${from}${response.status === 200 ? '' : `: ${text}`}`);
    return { catalog: JSON.parse(text) as Json, text };
  };

  await t.test('each counterparty sees the definitions its access policy admits', async (t) => {
    const plain = await catalogOf(t, PLAIN);
    t.same(datasetIds(plain.catalog), ['a1', 'a3', 'a5'], 'everyone sees the open definition (selected by a property)');
    const gold = await catalogOf(t, GOLD);
    t.same(datasetIds(gold.catalog), ['a1', 'a2', 'a3', 'a4', 'a5'], 'the gold participant id also sees the gold definition');
    t.same(offerDefinitions(gold.catalog.dataset[1]), ['gold']);
    const member = await catalogOf(t, MEMBER);
    t.same(datasetIds(member.catalog), ['a1', 'a3', 'a4', 'a5'], 'a MembershipCredential claim of level gold admits the members definition');
    t.same(offerDefinitions(member.catalog.dataset[2]), ['members']);
    const goldAndMember = gold.catalog.dataset.find((d: Json) => d['@id'] === 'a4');
    t.same(offerDefinitions(goldAndMember), ['gold'], 'a gold participant without the claim does not get the members offer');
  });

  await t.test('catalog, offers and distributions', async (t) => {
    const { catalog, text } = await catalogOf(t, GOLD);
    t.same(validateDsp('Catalog', catalog), [], 'valid against the DSP 2025-1 catalog schema');
    const canonical = await jsonLd.canonicalize(catalog);
    t.same(validateDsp('Catalog', canonical), [], 'and still valid after a JSON-LD round trip (what a consumer reads)');
    t.same(datasetIds(canonical), datasetIds(catalog), 'no dataset is lost in the round trip');
    t.equal(catalog.participantId, participantIdOf('acme'));
    t.same(catalog.service, [{ '@id': catalog.service[0]['@id'], '@type': 'DataService', endpointURL: rt.dspBase('acme') }]);
    const a2 = catalog.dataset.find((d: Json) => d['@id'] === 'a2');
    t.same(
      a2.distribution,
      FORMATS.map((format) => ({ '@type': 'Distribution', format, accessService: catalog.service[0]['@id'] })),
      'one distribution per configured format, served by the catalog service',
    );
    const offerId = parseContractOfferId(a2.hasPolicy[0]['@id'])!;
    t.match(offerId, { contractDefinitionId: 'gold', assetId: 'a2', nonce: /^[0-9a-f]{16}$/ });
    t.same(
      a2.hasPolicy[0].permission,
      [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: { '@value': '5', '@type': 'xsd:integer' } }] }],
      'the contract policy as the offer, numbers as typed literals',
    );
    t.notOk('target' in a2.hasPolicy[0], 'an offer in a dataset has no target');
    t.equal(a2['https://w3id.org/edc/v0.0.1/ns/name'], 'acme asset 2', 'EDC-vocabulary properties as their IRIs');
    t.equal(a2['http://purl.org/dc/terms/title'], 'Title 2', 'IRI properties as they are');
    t.same(a2['https://w3id.org/edc/v0.0.1/ns/nested'], { '@value': { depth: 2 }, '@type': '@json' }, 'objects as JSON literals');
    t.notMatch(text, /acme-private|secret|baseUrl|acme\.example\/a/, 'no private property and no data address');

    const again = await catalogOf(t, GOLD);
    t.equal(again.text, text, 'the same request gives the same catalog, offer ids included');
    const plainA1 = (await catalogOf(t, PLAIN)).catalog.dataset[0];
    t.equal(plainA1.hasPolicy[0]['@id'], catalog.dataset[0].hasPolicy[0]['@id'], 'offer ids do not depend on the counterparty');

    const changed = { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'teaching' }] }] };
    await expectJson(t, fetch(`${rt.participant('acme')}/policydefinitions/research`, send('PUT', { policy: changed })), 200);
    const after = (await catalogOf(t, PLAIN)).catalog.dataset[0];
    t.not(after.hasPolicy[0]['@id'], plainA1.hasPolicy[0]['@id'], 'a changed contract policy gives a new nonce');
    t.equal(after.hasPolicy[0].permission[0].constraint[0].rightOperand, 'teaching');
    await expectJson(t, fetch(`${rt.participant('acme')}/policydefinitions/research`, send('PUT', { policy: research })), 200);
    t.equal((await catalogOf(t, PLAIN)).catalog.dataset[0].hasPolicy[0]['@id'], plainA1.hasPolicy[0]['@id'], 'and the old policy its old nonce');
  });

  await t.test('datasets', async (t) => {
    const response = await requestDataset(rt, 'acme', GOLD, 'a2');
    const dataset = await expectJson<Json>(t, response, 200);
    t.same(validateDsp('Dataset', dataset), [], 'valid against the DSP 2025-1 dataset schema');
    t.same(validateDsp('Dataset', await jsonLd.canonicalize(dataset)), [], 'also after a JSON-LD round trip');
    t.equal(dataset['@id'], 'a2');
    t.same(offerDefinitions(dataset), ['gold']);
    t.same(dataset.distribution[0].accessService, { '@id': dataset.distribution[0].accessService['@id'], '@type': 'DataService', endpointURL: rt.dspBase('acme') }, 'a lone dataset carries its data service');
    const catalogOffer = (await catalogOf(t, GOLD)).catalog.dataset.find((d: Json) => d['@id'] === 'a2').hasPolicy;
    t.same(dataset.hasPolicy, catalogOffer, 'the same offers as in the catalog');

    for (const [from, id, why] of [
      [PLAIN, 'a2', 'hidden from this counterparty'],
      [GOLD, 'CAT0103', 'unknown'],
      [GOLD, 'only-other', "another participant context's asset"],
    ] as const) {
      const missing = await expectJson<Json>(t, requestDataset(rt, 'acme', from, id), 404, `${id}: ${why}`);
      t.same(validateDsp('CatalogError', missing), [], 'a CatalogError');
      t.same(missing.reason, [`dataset "${id}" does not exist or is not offered to you`], 'the same answer whether hidden or missing');
    }
  });

  await t.test('errors are CatalogErrors', async (t) => {
    const url = `${rt.dspBase('acme')}/catalog/request`;
    const message = JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' });
    const post = (headers: Record<string, string>, body = message) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    for (const [status, response, why] of [
      [401, post({}), 'no token'],
      [401, post({ authorization: await rt.token(GOLD, participantIdOf('other')) }), "a token for another participant's audience"],
      [400, post({ authorization: await rt.token(GOLD, participantIdOf('acme')) }, JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'DatasetRequestMessage', dataset: 'a1' })), 'another message type'],
      [400, fetch(`${url}?offset=-1`, { method: 'POST', headers: { authorization: await rt.token(GOLD, participantIdOf('acme')), 'content-type': 'application/json' }, body: message }), 'a bad offset'],
      [404, requestCatalog(rt, 'nobody', GOLD), 'an unknown participant'],
    ] as const) {
      const body = await expectJson<Json>(t, response, status, why);
      t.equal(body['@type'], 'CatalogError', `${why}: CatalogError`);
      t.same(validateDsp('CatalogError', body), []);
    }
  });

  await t.test("participant contexts never see each other's assets", async (t) => {
    const acme = await catalogOf(t, GOLD);
    t.notMatch(acme.text, /other asset|only-other|other-private/);
    const response = await requestCatalog(rt, 'other', GOLD);
    const text = await response.text();
    t.equal(response.status, 200);
    const other = JSON.parse(text) as Json;
    t.same(datasetIds(other), ['a1', 'only-other']);
    t.equal(other.dataset[0]['https://w3id.org/edc/v0.0.1/ns/name'], 'other asset', "other's own a1");
    t.notMatch(text, /acme asset|acme-private/);
    t.equal(other.service[0].endpointURL, rt.dspBase('other'));
  });

  await t.test('a deactivated participant answers 404', async (t) => {
    await expectJson(t, fetch(`${rt.participant('acme')}/deactivate`, { method: 'POST' }), 200);
    t.equal((await expectJson<Json>(t, requestCatalog(rt, 'acme', GOLD), 404))['@type'], 'CatalogError');
    await expectJson(t, requestDataset(rt, 'acme', GOLD, 'a2'), 404);
    await expectJson(t, fetch(`${rt.participant('acme')}/activate`, { method: 'POST' }), 200);
    await expectJson(t, requestCatalog(rt, 'acme', GOLD), 200, 'and answers again once activated');
  });
});

await forEachDialect(t, 'without the policy engine plugin', async (t, _dialect, store) => {
  const noEngine = await startCatalogRuntime(t, store, { policyEngine: false });
  await setUpParticipant(t, noEngine, 'acme', { policies: { gold: onlyFor(GOLD), everyone: EVERYONE }, assets: [{ id: 'a1' }], definitions: [{ id: 'd', access: 'gold', contract: 'everyone' }] });
  t.same(datasetIds(await expectJson(t, requestCatalog(noEngine, 'acme', GOLD), 200)), ['a1'], 'the built-in engine admits by participant id');
  t.same(datasetIds(await expectJson(t, requestCatalog(noEngine, 'acme', PLAIN), 200)), [], 'and denies others');
});

t.test('without an identity service the catalog answers 503', async (t) => {
  const rt = await startCatalogRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t), 'db.sqlite') }, { identity: false });
  await setUpParticipant(t, rt, 'acme', {});
  const body = await expectJson<Json>(t, requestCatalog(rt, 'acme', GOLD), 503);
  t.equal(body['@type'], 'CatalogError');
  t.match(body.reason[0], /@tdss\/identity-hub/);
});
