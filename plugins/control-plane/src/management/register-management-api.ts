/**
 * Registers the management API of participant contexts' assets, policy definitions and contract
 * definitions: the EDC JSON-LD context, their tables (in the order their foreign keys need),
 * services and routes.
 */
import { Database, DatabaseSchemas, HttpRoutes, type RegisterContext } from '@tdss/sdk';
import { assetOpenApi } from '../asset/asset-openapi.ts';
import { createAssetRoutes } from '../asset/asset-routes.ts';
import { assetSchema } from '../asset/asset-schema.ts';
import { createAssets } from '../asset/create-assets.ts';
import { contractDefinitionOpenApi } from '../contract-definition/contract-definition-openapi.ts';
import { createContractDefinitionRoutes } from '../contract-definition/contract-definition-routes.ts';
import { contractDefinitionSchema } from '../contract-definition/contract-definition-schema.ts';
import { createContractDefinitions } from '../contract-definition/create-contract-definitions.ts';
import { createPolicyDefinitions } from '../policy-definition/create-policy-definitions.ts';
import { policyDefinitionOpenApi } from '../policy-definition/policy-definition-openapi.ts';
import { createPolicyDefinitionRoutes } from '../policy-definition/policy-definition-routes.ts';
import { policyDefinitionSchema } from '../policy-definition/policy-definition-schema.ts';
import { Assets, ContractDefinitions, type ParticipantContexts, PolicyDefinitions } from '../tokens.ts';
import { registerEdcManagementContext } from './edc-management-context.ts';

/** The services this registers; the plugin lists them in `provides`. */
export const MANAGEMENT_SERVICES = [Assets, PolicyDefinitions, ContractDefinitions];

/** Call after the participant context schema is contributed: every table refers to it. */
export function registerManagementApi(ctx: RegisterContext<unknown>, contexts: () => ParticipantContexts): void {
  // Now rather than at the first JSON-LD request: a clashing context document stops start-up.
  registerEdcManagementContext();
  const db = ctx.lazy(Database);
  const plugin = ctx.plugin.name;
  const assets = createAssets(db);
  const policyDefinitions = createPolicyDefinitions(db);
  const contractDefinitions = createContractDefinitions(db);
  ctx.contribute(DatabaseSchemas, assetSchema(plugin));
  ctx.contribute(DatabaseSchemas, policyDefinitionSchema(plugin));
  ctx.contribute(DatabaseSchemas, contractDefinitionSchema(plugin));
  ctx.provide(Assets, assets);
  ctx.provide(PolicyDefinitions, policyDefinitions);
  ctx.provide(ContractDefinitions, contractDefinitions);
  ctx.contribute(HttpRoutes, { context: 'management', router: createAssetRoutes(contexts, () => assets), openapi: assetOpenApi });
  ctx.contribute(HttpRoutes, { context: 'management', router: createPolicyDefinitionRoutes(contexts, () => policyDefinitions), openapi: policyDefinitionOpenApi });
  ctx.contribute(HttpRoutes, { context: 'management', router: createContractDefinitionRoutes(contexts, () => contractDefinitions), openapi: contractDefinitionOpenApi });
}
