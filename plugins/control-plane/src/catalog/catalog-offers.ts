/**
 * Which contract definitions a counterparty sees: those whose access policy permits it in the
 * `catalog` scope. Each access policy is evaluated once per request however many definitions
 * share it; a denial only hides the definitions, and its reason goes to the owner's debug log
 * under the decision id, never to the counterparty.
 */
import type { PolicyContext, PolicyEngine } from '@tdss/policy-engine';
import { type Logger, MAX_PAGE_LIMIT, unlessNotFound } from '@tdss/sdk';
import { assetFields } from '../asset/asset-fields.ts';
import type { ContractDefinition, ContractDefinitions, PolicyDefinition, PolicyDefinitions } from '../tokens.ts';
import type { CompiledPolicies, CompiledPolicy } from './compiled-policies.ts';
import { type CompiledSelector, compileSelector } from './compile-selector.ts';
import type { OfferTerms } from './offer-terms.ts';

/** A contract definition the counterparty may see, ready to make offers from. */
export interface OfferSource {
  readonly contractDefinitionId: string;
  readonly selector: CompiledSelector;
  readonly offer: { readonly terms: OfferTerms; readonly nonce: string };
}

export interface CatalogOffers {
  /** The visible contract definitions of the participant context, oldest first. */
  permitted(participantContextId: string, context: PolicyContext): Promise<OfferSource[]>;
  /** Those of the given definitions that are visible, in their order. */
  visible(participantContextId: string, definitions: readonly ContractDefinition[], context: PolicyContext): Promise<OfferSource[]>;
}

export interface CatalogOffersOptions {
  contractDefinitions: () => ContractDefinitions;
  policyDefinitions: () => PolicyDefinitions;
  engine: () => PolicyEngine;
  policies: CompiledPolicies;
  logger: Logger;
}

export function createCatalogOffers(options: CatalogOffersOptions): CatalogOffers {
  const { logger, policies } = options;
  // A broken policy is reported once per stored version, not on every catalog request.
  const reported = new WeakSet<CompiledPolicy>();
  const report = (compiled: CompiledPolicy, message: string, details: Record<string, unknown>) => {
    if (reported.has(compiled)) return;
    reported.add(compiled);
    logger.warn(details, message);
  };

  const visible: CatalogOffers['visible'] = async (participantContextId, definitions, context) => {
    const policyIds = new Set(definitions.flatMap((d) => [d.accessPolicyId, d.contractPolicyId]));
    const stored = new Map(await Promise.all([...policyIds].map(async (id) => [id, await findPolicy(options.policyDefinitions(), participantContextId, id)] as const)));
    const compiled = (id: string) => {
      const definition = stored.get(id);
      return definition && policies.compile(definition);
    };

    const access = new Map<string, boolean>();
    const admits = (definition: ContractDefinition): boolean => {
      const known = access.get(definition.accessPolicyId);
      if (known !== undefined) return known;
      const policy = compiled(definition.accessPolicyId);
      let permitted = false;
      if (!policy) {
        logger.warn({ participantContextId, contractDefinitionId: definition.id, policyDefinitionId: definition.accessPolicyId }, 'access policy definition is missing; the contract definition is hidden');
      } else if (!policy.ok) {
        report(policy, 'access policy cannot be read; the contract definitions using it are hidden', { participantContextId, policyDefinitionId: definition.accessPolicyId, reason: policy.reason });
      } else {
        const decision = options.engine().evaluate(policy.policy, { scope: 'catalog', context });
        permitted = decision.permitted;
        if (!decision.permitted) {
          logger.debug(
            { participantContextId, policyDefinitionId: definition.accessPolicyId, counterparty: context.counterparty?.id, decision: decision.id, reason: decision.explain({ audience: 'owner' }) },
            'access policy denied the counterparty; its contract definitions are hidden',
          );
        }
      }
      access.set(definition.accessPolicyId, permitted);
      return permitted;
    };

    const sources: OfferSource[] = [];
    for (const definition of definitions) {
      if (!admits(definition)) continue;
      const policy = compiled(definition.contractPolicyId);
      if (!policy?.ok || !policy.offer) {
        const reason = !policy ? 'it is missing' : !policy.ok ? policy.reason : 'it has neither a permission nor a prohibition, which a DSP offer needs';
        const details = { participantContextId, contractDefinitionId: definition.id, policyDefinitionId: definition.contractPolicyId, reason };
        if (policy) report(policy, 'contract policy cannot be offered; its contract definitions are left out of the catalog', details);
        else logger.warn(details, 'contract policy cannot be offered; the contract definition is left out of the catalog');
        continue;
      }
      sources.push({ contractDefinitionId: definition.id, selector: compileSelector(definition.assetsSelector, assetFields), offer: policy.offer });
    }
    return sources;
  };
  return {
    visible,
    permitted: async (participantContextId, context) => visible(participantContextId, await allDefinitions(options.contractDefinitions(), participantContextId), context),
  };
}

async function allDefinitions(store: ContractDefinitions, participantContextId: string): Promise<ContractDefinition[]> {
  const all: ContractDefinition[] = [];
  for (;;) {
    const page = await store.query(participantContextId, { offset: all.length, limit: MAX_PAGE_LIMIT });
    all.push(...page.items);
    if (page.items.length < MAX_PAGE_LIMIT || all.length >= page.total) return all;
  }
}

function findPolicy(store: PolicyDefinitions, participantContextId: string, id: string): Promise<PolicyDefinition | undefined> {
  return unlessNotFound(store.get(participantContextId, id));
}
