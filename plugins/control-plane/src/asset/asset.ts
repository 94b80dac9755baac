/**
 * An asset: data a participant context offers, described by free-form properties (shown in its
 * catalog), private properties (never shown to other participants) and a data address that tells a
 * data plane where the data is. EDC's Asset, in the EDC management API's compact JSON.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export interface DataAddress {
  /** The kind of data plane source, e.g. `HttpData`. */
  type: string;
  [key: string]: unknown;
}

export interface Asset {
  id: string;
  participantContextId: string;
  properties: Record<string, unknown>;
  privateProperties: Record<string, unknown>;
  dataAddress: DataAddress;
  createdAt: Date;
}

export interface AssetInput {
  /** Generated when absent. */
  id?: string;
  properties: Record<string, unknown>;
  privateProperties: Record<string, unknown>;
  dataAddress: DataAddress;
}

export const AssetEntity = defineEntity({
  name: 'ControlPlaneAsset',
  tableName: 'cp_asset',
  properties: {
    pk: p.string().primary(),
    tenantId: p.string(),
    id: p.string(),
    properties: p.json<Record<string, unknown>>(),
    privateProperties: p.json<Record<string, unknown>>(),
    dataAddress: p.json<DataAddress>(),
    createdAt: p.datetime(),
  },
});

export type AssetRow = InferEntity<typeof AssetEntity>;

export function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    participantContextId: row.tenantId,
    properties: row.properties,
    privateProperties: row.privateProperties,
    dataAddress: row.dataAddress,
    createdAt: row.createdAt,
  };
}

/** EDC's output shape: `@id`, `@type`, and `createdAt` in epoch milliseconds. */
export function toAssetJson(asset: Asset) {
  return {
    '@id': asset.id,
    '@type': 'Asset',
    properties: asset.properties,
    privateProperties: asset.privateProperties,
    dataAddress: { '@type': 'DataAddress', ...asset.dataAddress },
    createdAt: asset.createdAt.getTime(),
  };
}
