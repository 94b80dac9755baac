import { createServiceToken } from '@tdss/sdk';

/** What a holder keeps of a request it made, to ask for its status. */
export interface CredentialRequestRef {
  /** The issuer DID. */
  issuer: string;
  holderPid: string;
  issuerPid: string;
  /** The request status URL the issuer answered with. */
  statusUrl: string;
  credentialTypes: string[];
}

export type CredentialRequestStatus = 'RECEIVED' | 'ISSUED' | 'REJECTED';

/**
 * The holder side of DCP credential issuance: a participant requests credentials from an issuer,
 * found through the IssuerService entry of the issuer's DID document, and asks for the status.
 * The credentials arrive in the wallet through the Storage API. Errors are ProblemErrors: 502
 * when the issuer cannot be reached or answers something else, 400 for a type it does not offer.
 */
export interface CredentialRequests {
  /**
   * Sends a CredentialRequestMessage for the credential types (each the issuer's first
   * CredentialObject of that type). The same `holderPid` again finds the same request at the
   * issuer, so a retried call does not request twice.
   */
  request(participantId: string, request: { issuer: string; credentialTypes: string[]; holderPid: string }): Promise<CredentialRequestRef>;
  status(participantId: string, ref: CredentialRequestRef): Promise<CredentialRequestStatus>;
}

export const CredentialRequests = createServiceToken<CredentialRequests>('tdss.CredentialRequests', {
  description: 'Participants as DCP holders: credential requests to issuers and their status.',
  providedBy: ['@tdss/identity-hub'],
});
