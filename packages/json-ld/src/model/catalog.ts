import type { DspDocument, DspErrorDetails } from './common.ts';
import type { Offer } from './policy.ts';

/** Catalog protocol (catalog/*-schema.json). */

export interface CatalogRequestMessage extends DspDocument {
  '@type': 'CatalogRequestMessage';
  /** Implementation-specific query or filter expressions. */
  filter?: unknown[];
}

export interface DatasetRequestMessage extends DspDocument {
  '@type': 'DatasetRequestMessage';
  dataset: string;
}

export interface DataService {
  '@id': string;
  '@type': 'DataService';
  endpointURL: string;
  endpointDescription?: string;
  servesDataset?: Dataset[];
}

export interface Distribution {
  '@type'?: 'Distribution';
  format: string;
  /** A DataService, or the `@id` of one listed in the catalog's `service`. */
  accessService: string | DataService;
  hasPolicy?: Offer[];
}

export interface Dataset {
  '@id': string;
  '@type'?: 'Dataset';
  hasPolicy: Offer[];
  distribution: Distribution[];
}

export interface Catalog {
  '@id': string;
  '@type': 'Catalog';
  participantId?: string;
  dataset?: Dataset[];
  catalog?: Catalog[];
  service?: DataService[];
  distribution?: Distribution[];
}

/** The Catalog a Catalog Service answers with (catalog-schema.json#/definitions/RootCatalog). */
export interface RootCatalog extends Catalog, DspDocument {
  participantId: string;
}

/** The Dataset a Catalog Service answers a DatasetRequestMessage with. */
export interface RootDataset extends Dataset, DspDocument {}

export interface CatalogError extends DspDocument, Pick<DspErrorDetails, 'code'> {
  '@type': 'CatalogError';
  reason?: unknown[];
}
