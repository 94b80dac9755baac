import { createServiceToken, type Page } from '@tdss/sdk';
import type { IssuedCredential } from './credentials/issued-credential.ts';
import type { DefinitionQuery } from './definitions/create-credential-definitions.ts';
import type { CredentialDefinition, NewCredentialDefinition } from './definitions/credential-definition.ts';
import type { IssuerMetadata } from './issuer-metadata.ts';
import type { CredentialOfferMessage, NewCredentialOffer } from './offers/credential-offer.ts';
import type { CredentialStatusMessage } from './requests/credential-request-status.ts';
import type { IssuanceRequest, IssuanceState } from './requests/issuance-request.ts';

export interface IssuanceRequestQuery {
  offset?: number;
  limit?: number;
  state?: IssuanceState;
  holderDid?: string;
}

export interface IssuedCredentialQuery {
  offset?: number;
  limit?: number;
  holderDid?: string;
  definitionId?: string;
  requestId?: string;
  /** A verification method id (`<did>#<keyId>`): what that key signed. */
  signedWith?: string;
  revoked?: boolean;
}

/**
 * The DCP issuer service of every participant that defines credentials. Every method takes the
 * issuing participant's id and only reaches its own definitions, requests and credentials
 * (another participant's are 404 problems). Errors are ProblemErrors.
 */
export interface IssuerService {
  createDefinition(participantId: string, definition: NewCredentialDefinition): Promise<CredentialDefinition>;
  listDefinitions(participantId: string, query?: DefinitionQuery): Promise<Page<CredentialDefinition>>;
  getDefinition(participantId: string, definitionId: string): Promise<CredentialDefinition>;
  /** Replaces validity, claims and attestations (e.g. the allow list); requests not yet issued are decided by the new ones. */
  updateDefinition(participantId: string, definitionId: string, definition: NewCredentialDefinition): Promise<CredentialDefinition>;
  /** Requests not yet issued for it are rejected; credentials issued from it stay valid until revoked. */
  deleteDefinition(participantId: string, definitionId: string): Promise<void>;

  listRequests(participantId: string, query?: IssuanceRequestQuery): Promise<Page<IssuanceRequest>>;
  getRequest(participantId: string, requestId: string): Promise<IssuanceRequest>;
  /** Decides a request waiting for an operator (operatorApproval attestation). */
  approveRequest(participantId: string, requestId: string): Promise<IssuanceRequest>;
  rejectRequest(participantId: string, requestId: string, reason: string): Promise<IssuanceRequest>;

  listCredentials(participantId: string, query?: IssuedCredentialQuery): Promise<Page<IssuedCredential>>;
  getCredential(participantId: string, issuedCredentialId: string): Promise<IssuedCredential>;
  /** Sets the credential's bit in its status list; revoking twice changes nothing. */
  revokeCredential(participantId: string, issuedCredentialId: string): Promise<IssuedCredential>;

  /** DCP: sends a CredentialOfferMessage to the holder's credential service; a 502 problem when it is not taken. */
  offerCredentials(participantId: string, offer: NewCredentialOffer): Promise<CredentialOfferMessage>;

  /** DCP: the IssuerMetadata. */
  metadata(participantId: string): Promise<IssuerMetadata>;
  /** DCP: a CredentialRequestMessage; `body` is read only once the holder is authenticated. Resolves to the request id (issuerPid). */
  receiveRequest(participantId: string, authorization: string | undefined, body: () => unknown): Promise<{ id: string }>;
  /** DCP: the CredentialStatus of a request, for the holder that made it. */
  requestStatus(participantId: string, authorization: string | undefined, requestId: string): Promise<CredentialStatusMessage>;
  /** The JSON schema of a definition's credential subject, for a definition that names none of its own. */
  credentialSchema(participantId: string, definitionId: string): Promise<Record<string, unknown>>;
  /** The signed status list credential (a compact JWS). */
  statusList(participantId: string, listId: string): Promise<string>;
}

export const IssuerService = createServiceToken<IssuerService>('tdss.IssuerService', {
  description: 'The DCP issuer service of participants: credential definitions, issuance requests, issued credentials and their status lists.',
  providedBy: ['@tdss/identity-hub'],
});
