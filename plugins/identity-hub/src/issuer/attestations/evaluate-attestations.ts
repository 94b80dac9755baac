import type { Attestation } from './attestation.ts';
import { holderMatches } from './holder-pattern.ts';

export type AttestationDecision =
  | { decision: 'issue'; claims: Record<string, unknown> }
  | { decision: 'reject'; reason: string }
  /** Every other attestation agrees; an operator has yet to approve. */
  | { decision: 'approval' };

/**
 * The verdict of a definition's attestations on `holder`. `approved` says an operator approved
 * the request, which satisfies an operatorApproval attestation. Claims of the allow-list entries
 * that match are merged in order.
 */
export function evaluateAttestations(attestations: readonly Attestation[], holder: string, credentialType: string, approved: boolean): AttestationDecision {
  const claims: Record<string, unknown> = {};
  let awaitingApproval = false;
  for (const attestation of attestations) {
    if (attestation.type === 'operatorApproval') {
      awaitingApproval ||= !approved;
      continue;
    }
    const matching = attestation.holders.filter((entry) => holderMatches(entry.holder, holder));
    if (matching.length === 0) return { decision: 'reject', reason: `${holder} is not allowed to hold a ${credentialType}` };
    for (const entry of matching) Object.assign(claims, entry.claims);
  }
  return awaitingApproval ? { decision: 'approval' } : { decision: 'issue', claims };
}
