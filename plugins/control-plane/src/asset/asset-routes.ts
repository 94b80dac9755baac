import type Router from '@koa/router';
import { createManagementRoutes } from '../management/management-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { toAssetJson } from './asset.ts';
import type { AssetStore } from './create-assets.ts';
import { readAssetInput } from './read-asset-input.ts';

/** `GET` lists filter by `id` and by any `properties.<key>` or `privateProperties.<key>`. */
export function createAssetRoutes(contexts: () => ParticipantContexts, assets: () => AssetStore): Router {
  return createManagementRoutes({
    segment: 'assets',
    noun: 'asset',
    contexts,
    store: assets,
    readInput: readAssetInput,
    toJson: toAssetJson,
    list: { filters: ['id'], filterPrefixes: ['properties.', 'privateProperties.'] },
  });
}
