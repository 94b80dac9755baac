/**
 * The part of a contract agreement a transfer needs, and the one question transfers ask of the
 * agreements a participant context holds. Kept this small so that the contract negotiation's
 * agreement store answers it as it is (`transferAgreementsFrom`).
 */
import { parsePolicy, type Policy } from '@tdss/policy-engine';
import { unlessNotFound } from '@tdss/sdk';

export interface TransferAgreement {
  id: string;
  /** The provider's participant id (the agreement's assigner). */
  providerId: string;
  /** The consumer's participant id (the agreement's assignee). */
  consumerId: string;
  /** The dataset (asset) agreed on: the agreement's target. */
  assetId: string;
  /** The agreement as a policy, for the `transfer.process` scope. */
  policy: Policy;
}

export interface TransferAgreements {
  /** The agreement, when this participant context holds one with this id (as provider or consumer). */
  find(participantContextId: string, agreementId: string): Promise<TransferAgreement | undefined>;
}

/** What transfers use of an agreement store: `get`, which answers a 404 problem for an agreement the participant context does not hold. */
export interface AgreementSource {
  get(participantContextId: string, id: string): Promise<{ id: string; providerId: string; consumerId: string; assetId: string; policy: unknown }>;
}

export function transferAgreementsFrom(source: () => AgreementSource): TransferAgreements {
  return {
    async find(participantContextId, agreementId) {
      const agreement = await unlessNotFound(source().get(participantContextId, agreementId));
      if (!agreement) return undefined;
      // The stored agreement is the DSP Agreement both sides signed; the engine reads it as a policy.
      const policy = parsePolicy(agreement.policy, { path: '$.agreement' });
      return { id: agreement.id, providerId: agreement.providerId, consumerId: agreement.consumerId, assetId: agreement.assetId, policy };
    },
  };
}
