/**
 * Policy definitions as the catalog uses them: parsed once, and, for contract policies, written as
 * offer terms with their nonce once. Entries are keyed by the stored policy itself, so a changed
 * policy is a new entry and nothing needs invalidating; the oldest entries go first beyond the limit.
 */
import { type Policy, parsePolicy } from '@tdss/policy-engine';
import type { PolicyDefinition } from '../tokens.ts';
import { offerNonce, type OfferTerms, offerTermsOf } from './offer-terms.ts';

export type CompiledPolicy =
  | { ok: true; policy: Policy; offer: { terms: OfferTerms; nonce: string } | undefined }
  | { ok: false; reason: string };

export interface CompiledPolicies {
  compile(definition: PolicyDefinition): CompiledPolicy;
}

export function createCompiledPolicies(maxEntries = 10_000): CompiledPolicies {
  const cache = new Map<string, CompiledPolicy>();
  return {
    compile(definition) {
      const key = `${definition.id}\u0000${JSON.stringify(definition.policy)}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const compiled = compile(definition);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(key, compiled);
      return compiled;
    },
  };
}

function compile(definition: PolicyDefinition): CompiledPolicy {
  try {
    // A policy definition holds an ODRL Set without an id of its own; it is named by the definition.
    const policy = parsePolicy({ ...definition.policy, '@id': definition.id, '@type': 'Set' }, { path: `$.policy` });
    const terms = offerTermsOf(policy);
    return { ok: true, policy, offer: terms && { terms, nonce: offerNonce(terms) } };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
