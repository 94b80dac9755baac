import type { PolicyEngine } from '@tdss/policy-engine';
import type { Logger } from '@tdss/sdk';
import type { CompiledPolicies } from '../catalog/compiled-policies.ts';
import type { PolicyDefinitions } from '../tokens.ts';
import type { OfferServices } from './resolve-offer.ts';

/** What the provider's default decisions read: the catalog's definitions and the policy engine. */
export interface ProviderServices extends OfferServices {
  policyDefinitions: () => PolicyDefinitions;
  policyEngine: () => PolicyEngine;
  /** Parses the stored policy definitions once. */
  compiled: CompiledPolicies;
  logger: Logger;
}
