/**
 * The Catalogs service as contract negotiation uses it: an offer id from a catalog names the
 * offer as long as the catalog would still show it to that counterparty, and nothing once the
 * contract policy changed, the asset left the selection or the access policy hides it.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { expectJson, send } from '../management/test-support/start-management-api.ts';
import { Catalogs, ParticipantContexts } from '../tokens.ts';
import { EVERYONE, onlyFor, setUpParticipant, startCatalogRuntime } from './test-support/catalog-runtime.ts';

const GOLD = 'did:web:gold.example';
const PLAIN = 'did:web:plain.example';
const terms = (purpose: string) => ({ permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: purpose }] }] });

await forEachDialect(t, 'current offers', async (t, _dialect, store) => {
  const rt = await startCatalogRuntime(t, store);
  await setUpParticipant(t, rt, 'acme', {
    policies: { gold: onlyFor(GOLD), everyone: EVERYONE, research: terms('research') },
    assets: [{ id: 'a1' }, { id: 'a2' }],
    definitions: [{ id: 'cd', access: 'gold', contract: 'research', selector: [{ operandLeft: 'id', operator: '=', operandRight: 'a1' }] }],
  });
  const catalogs = rt.runtime.get(Catalogs);
  const acme = await rt.runtime.get(ParticipantContexts).get('acme');
  const gold = { participantId: GOLD, claims: {} };

  const page = await catalogs.catalog(acme, gold, { offset: 0, limit: 10 });
  t.equal(page.total, 1);
  const offered = page.catalog.dataset![0]!.hasPolicy[0]!;
  const current = await catalogs.offer(acme, gold, offered['@id']);
  t.same(current, { contractDefinitionId: 'cd', assetId: 'a1', offer: offered }, 'the offer as the catalog shows it');

  t.equal(await catalogs.offer(acme, { participantId: PLAIN, claims: {} }, offered['@id']), undefined, 'hidden from another counterparty');
  t.equal(await catalogs.offer(acme, gold, offered['@id'].replace(':a1:', ':a2:')), undefined, 'an asset the definition does not select');
  t.equal(await catalogs.offer(acme, gold, offered['@id'].replace(/:[0-9a-f]+$/, ':0000000000000000')), undefined, 'another nonce');
  t.equal(await catalogs.offer(acme, gold, 'not-an-offer-id'), undefined, 'not an offer id of ours');
  t.equal(await catalogs.offer(acme, gold, 'nope:a1:x'), undefined, 'an unknown contract definition');

  await expectJson(t, fetch(`${rt.participant('acme')}/policydefinitions/research`, send('PUT', { policy: terms('teaching') })), 200);
  t.equal(await catalogs.offer(acme, gold, offered['@id']), undefined, 'stale once the contract policy changed');
  const renewed = (await catalogs.catalog(acme, gold, { offset: 0, limit: 10 })).catalog.dataset![0]!.hasPolicy[0]!;
  t.equal((await catalogs.offer(acme, gold, renewed['@id']))?.offer['@id'], renewed['@id'], 'the new offer is current');
});
