/**
 * What a policy evaluation learns about the counterparty of a DSP request. The identity service
 * hands over the claims it verified keyed by credential type (`{ MembershipCredential: { level:
 * "gold" } }`); the policy engine's credential functions read credentials, so each claim object
 * becomes a credential of that type whose subject is the object (an array of objects: one
 * credential each). Every claim also stays readable as `claims` for contributed functions.
 */
import type { CounterpartyCredential, PolicyContext } from '@tdss/policy-engine';
import type { VerifiedCounterparty } from '@tdss/sdk';

export function policyContextOf(counterparty: VerifiedCounterparty): PolicyContext {
  const credentials: CounterpartyCredential[] = [];
  for (const [type, value] of Object.entries(counterparty.claims)) {
    for (const subject of Array.isArray(value) ? value : [value]) {
      if (typeof subject === 'object' && subject !== null && !Array.isArray(subject)) {
        // The identity service vouches for the claims; there is no issuer of ours to name.
        credentials.push({ types: [type], issuer: 'urn:tdss:verified-by-identity-service', subject: subject as Record<string, unknown> });
      }
    }
  }
  return { counterparty: { id: counterparty.participantId, credentials }, claims: counterparty.claims };
}
