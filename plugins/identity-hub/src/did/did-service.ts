import { createExtensionPoint, createServiceToken, type Page } from '@tdss/sdk';
import type { DidDocument, DidServiceEntry } from './did-document.ts';

export interface ParticipantDid {
  did: string;
  participantId: string;
  /** Where the document is served, as did:web resolution fetches it. */
  documentUrl: string;
  createdAt: string;
  /** Last change of the DID document (a key activated, rotated or revoked). */
  updatedAt: string;
}

/**
 * DIDs per participant. The first call of `ensure` creates the participant's identity record and
 * fixes its did:web; key pairs of the participant appear in its document once activated.
 */
export interface DidService {
  /** The participant's DID record, created on first use. */
  ensure(participantId: string): Promise<ParticipantDid>;
  /** The participant's DID record, or undefined before `ensure` created one. */
  find(participantId: string): Promise<ParticipantDid | undefined>;
  list(participantId: string, page?: { offset?: number; limit?: number }): Promise<Page<ParticipantDid>>;
  /** A 404 problem when `did` is not one of the participant's DIDs. */
  get(participantId: string, did: string): Promise<ParticipantDid>;
  /** The participant's DID document as it is served, or undefined when it has no DID. */
  document(participantId: string): Promise<DidDocument | undefined>;
}

export const DidService = createServiceToken<DidService>('tdss.DidService', {
  description: 'did:web DIDs per participant and their documents, served on the identity context.',
  providedBy: ['@tdss/identity-hub'],
});

/** Service entries beyond CredentialService, e.g. the IssuerService of participants that issue. */
export type DidServiceEntries = (participant: { participantId: string; did: string }) => DidServiceEntry[] | Promise<DidServiceEntry[]>;

export const DidDocumentServices = createExtensionPoint<DidServiceEntries>('tdss.DidDocumentServices', {
  description: 'Adds service entries (e.g. IssuerService) to participants\' DID documents; return [] where none applies.',
});
