/**
 * The terms of offers and agreements: when two of them say the same (whatever compact form each
 * was written in), and the agreement a provider makes of the offer it agrees to.
 */
import { randomUUID } from 'node:crypto';
import type { Agreement, MessageOffer, PolicyClass } from '@tdss/json-ld';
import { parsePolicy } from '@tdss/policy-engine';
import { offerNonce, type OfferTerms, offerTermsOf } from '../catalog/offer-terms.ts';

/** The rules of an offer or agreement in one normal form; undefined when it cannot be parsed. */
export function termsOf(policy: PolicyClass & { '@type'?: string }): OfferTerms | undefined {
  try {
    return offerTermsOf(parsePolicy(policy));
  } catch {
    return undefined;
  }
}

/** Same rules (permissions, prohibitions, obligations, profile), ids and parties aside. */
export function sameTerms(a: OfferTerms | undefined, b: OfferTerms | undefined): boolean {
  return a !== undefined && b !== undefined && offerNonce(a) === offerNonce(b);
}

export interface AgreementParties {
  providerId: string;
  consumerId: string;
}

/** The agreement to `offer`: its rules, for its target, between the two parties, concluded now. */
export function agreementOf(offer: MessageOffer, target: string, parties: AgreementParties): Agreement {
  return {
    '@id': `urn:uuid:${randomUUID()}`,
    '@type': 'Agreement',
    target,
    assigner: parties.providerId,
    assignee: parties.consumerId,
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    ...rulesOf(offer),
  };
}

/** The members of a policy that hold its terms. */
function rulesOf(policy: PolicyClass): Pick<PolicyClass, 'profile' | 'permission' | 'prohibition' | 'obligation'> {
  const { profile, permission, prohibition, obligation } = policy;
  return {
    ...(profile === undefined ? {} : { profile }),
    ...(permission === undefined ? {} : { permission }),
    ...(prohibition === undefined ? {} : { prohibition }),
    ...(obligation === undefined ? {} : { obligation }),
  };
}
