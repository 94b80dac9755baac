import type { Database } from '@tdss/sdk';
import { createResourceStore } from '../management/create-resource-store.ts';
import type { ResourceStore } from '../management/resource-store.ts';
import { type Asset, AssetEntity, type AssetInput, toAsset } from './asset.ts';
import { assetFields } from './asset-fields.ts';

export type AssetStore = ResourceStore<Asset, AssetInput>;

export function createAssets(db: () => Database): AssetStore {
  return createResourceStore({
    db,
    entity: AssetEntity,
    noun: 'asset',
    fields: assetFields,
    columns: (input: AssetInput) => ({ properties: input.properties, privateProperties: input.privateProperties, dataAddress: input.dataAddress }),
    toDomain: toAsset,
  });
}
