/**
 * The provider side of the catalog protocol: the catalog page, dataset and offer a counterparty
 * may see. Visibility is decided per contract definition (its access policy, in the `catalog`
 * scope), the page is selected in SQL where the selectors allow it, and offers are made from the
 * compiled contract policies.
 */
import type { DspJsonLd, Offer, RootDataset } from '@tdss/json-ld';
import { type Database, problems, unlessNotFound } from '@tdss/sdk';
import { policyContextOf } from '../protocol/policy-context.ts';
import type { Assets, Catalogs, ContractDefinitions } from '../tokens.ts';
import { readCatalogFilter, catalogFilterFields } from './catalog-filter.ts';
import type { CatalogOffers } from './catalog-offers.ts';
import { catalogIdOf, dataServiceOf, datasetOf } from './catalog-documents.ts';
import { compileSelector } from './compile-selector.ts';
import { formatContractOfferId, parseContractOfferId } from './contract-offer-id.ts';
import { selectDatasets } from './select-datasets.ts';

export interface CatalogsOptions {
  db: () => Database;
  assets: () => Assets;
  contractDefinitions: () => ContractDefinitions;
  offers: CatalogOffers;
  jsonLd: DspJsonLd;
  /** The participant's absolute DSP 2025-1 base URL. */
  dspBase(participantContextId: string): string;
  formats: readonly string[];
}

export function createCatalogs(options: CatalogsOptions): Catalogs {
  const { offers, jsonLd, formats } = options;
  const notOffered = (id: string) => problems.notFound(`dataset ${JSON.stringify(id)} does not exist or is not offered to you`);

  return {
    async catalog(participant, counterparty, request) {
      const filter = compileSelector(readCatalogFilter(request.filter), catalogFilterFields);
      const sources = await offers.permitted(participant.id, policyContextOf(counterparty));
      const page = await selectDatasets(options.db(), participant.id, sources, filter, request);
      const service = dataServiceOf(participant.id, options.dspBase(participant.id));
      const datasets = page.items.map((entry) => datasetOf(entry.asset, entry.sources, formats, service['@id']));
      const catalog = jsonLd.write({
        '@id': catalogIdOf(participant.id),
        '@type': 'Catalog',
        participantId: participant.participantId,
        // The schema wants at least one dataset when the member is there.
        ...(datasets.length ? { dataset: datasets } : {}),
        service: [service],
      });
      return { catalog, total: page.total, offset: page.offset, limit: page.limit };
    },

    async dataset(participant, counterparty, datasetId) {
      const asset = await unlessNotFound(options.assets().get(participant.id, datasetId));
      if (!asset) throw notOffered(datasetId);
      const sources = (await offers.permitted(participant.id, policyContextOf(counterparty))).filter((source) => source.selector.matches(asset));
      if (sources.length === 0) throw notOffered(datasetId);
      const service = dataServiceOf(participant.id, options.dspBase(participant.id));
      return jsonLd.write({ ...datasetOf(asset, sources, formats, service), '@type': 'Dataset' }) as RootDataset;
    },

    async offer(participant, counterparty, offerId) {
      const id = parseContractOfferId(offerId);
      if (!id) return undefined;
      const definition = await unlessNotFound(options.contractDefinitions().get(participant.id, id.contractDefinitionId));
      const asset = definition && (await unlessNotFound(options.assets().get(participant.id, id.assetId)));
      if (!definition || !asset) return undefined;
      const [source] = await offers.visible(participant.id, [definition], policyContextOf(counterparty));
      if (!source || source.offer.nonce !== id.nonce || !source.selector.matches(asset)) return undefined;
      const offer: Offer = { '@id': formatContractOfferId(id), '@type': 'Offer', ...source.offer.terms };
      return { contractDefinitionId: definition.id, assetId: asset.id, offer };
    },
  };
}
