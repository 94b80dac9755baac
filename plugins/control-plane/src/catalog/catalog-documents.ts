/**
 * The DSP 2025-1 documents of a catalog: the participant's one DataService, and a Dataset per
 * asset with an Offer per contract definition that selects it and a Distribution per transfer
 * format. Ids are stable, so the same request gives the same catalog.
 */
import { createHash } from 'node:crypto';
import type { DataService, Dataset, Distribution, Offer } from '@tdss/json-ld';
import type { Asset } from '../asset/asset.ts';
import { EDC_NAMESPACE } from '../management/edc-management-context.ts';
import type { OfferSource } from './catalog-offers.ts';
import { formatContractOfferId } from './contract-offer-id.ts';

/** The connector of a participant: where its contract negotiations and transfers start. */
export function dataServiceOf(participantContextId: string, dspBase: string): DataService {
  return { '@id': nameUuid(`data-service:${participantContextId}`), '@type': 'DataService', endpointURL: dspBase };
}

export function catalogIdOf(participantContextId: string): string {
  return nameUuid(`catalog:${participantContextId}`);
}

/** `accessService` is the DataService's id inside a Catalog, and the DataService itself in a lone Dataset. */
export function datasetOf(asset: Asset, sources: readonly OfferSource[], formats: readonly string[], accessService: string | DataService): Dataset {
  const offers: Offer[] = sources.map((source) => ({
    '@id': formatContractOfferId({ contractDefinitionId: source.contractDefinitionId, assetId: asset.id, nonce: source.offer.nonce }),
    '@type': 'Offer',
    ...source.offer.terms,
  }));
  const distribution: Distribution[] = formats.map((format) => ({ '@type': 'Distribution', format, accessService }));
  return { ...publicProperties(asset.properties), '@id': asset.id, '@type': 'Dataset', hasPolicy: offers, distribution } as Dataset;
}

/**
 * Asset properties as JSON-LD the counterparty's processor keeps: a bare key is a term of the EDC
 * vocabulary (the management API stores them bare), so it is written as its IRI; IRIs and compact
 * IRIs stay. Scalars stay as they are; objects and lists of objects become JSON literals, which no
 * JSON-LD processor reinterprets, so no property can break the document.
 */
function publicProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (key.startsWith('@') || value === null || value === undefined) continue;
    out[key.includes(':') ? key : `${EDC_NAMESPACE}${key}`] = isPlain(value) ? value : { '@value': value, '@type': '@json' };
  }
  return out;
}

function isPlain(value: unknown): boolean {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/** A name-based (version 5 layout) UUID URN: the same name always gives the same id. */
function nameUuid(name: string): string {
  const hex = createHash('sha1').update(`tdss:${name}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
