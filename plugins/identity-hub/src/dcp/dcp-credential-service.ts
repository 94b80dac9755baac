import { createServiceToken } from '@tdss/sdk';
import type { PresentationResponseMessage } from '../presentation/answer-presentation-query.ts';

/**
 * The holder side of DCP 1.0 for every participant: what its CredentialService endpoint answers.
 * `authorization` is the request's Authorization header; `body` reads the request body, and is only
 * called once the caller is authenticated. Errors are ProblemErrors (401, 400, 403, 404, 501).
 */
export interface DcpCredentialService {
  /** The Resolution API: answers a PresentationQueryMessage. */
  presentationQuery(participantId: string, authorization: string | undefined, body: () => unknown): Promise<PresentationResponseMessage>;
  /** The Storage API: stores the credentials of a CredentialMessage. */
  storeCredentials(participantId: string, authorization: string | undefined, body: () => unknown): Promise<void>;
  /** The Credential Offer API: records the offer of a CredentialOfferMessage. */
  receiveOffer(participantId: string, authorization: string | undefined, body: () => unknown): Promise<void>;
}

export const DcpCredentialService = createServiceToken<DcpCredentialService>('tdss.DcpCredentialService', {
  description: 'The DCP credential service of participants: presentation queries of verifiers and credentials delivered and offered by issuers.',
  providedBy: ['@tdss/identity-hub'],
});
