import { createServiceToken, type Page } from '@tdss/sdk';
import type { CredentialFormat, ParsedCredential } from './parsed-credential.ts';

/** A credential in a participant's wallet as callers see it. */
export interface StoredCredential {
  /** This wallet's id of the entry. */
  id: string;
  participantId: string;
  /** The credential's own `id`, if it has one. */
  credentialId: string | null;
  format: CredentialFormat;
  types: string[];
  issuer: string;
  subjectId: string;
  validFrom: string | null;
  validUntil: string | null;
  /** The `credentialStatus` entries (revocation, suspension lists). */
  status: Record<string, unknown>[];
  /** The issuance ids of the Storage API message that delivered it. */
  issuerPid: string | null;
  holderPid: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredCredentialDetail extends StoredCredential {
  /** The decoded JWS payload: the JWT claims with `vc` (VC 1.1), or the credential itself (VC 2.0). */
  credential: Record<string, unknown>;
}

/** A stored credential with the JWS the issuer signed, for presentations; never an API answer. */
export interface PresentableCredential extends StoredCredential {
  raw: string;
}

export interface CredentialOrigin {
  issuerPid?: string;
  holderPid?: string;
}

/**
 * The credential wallets of participants. Every method takes the participant id and only reaches
 * that participant's credentials: another participant's entry is a 404 problem.
 */
export interface CredentialStore {
  /** Adds a verified credential; one with the same credential `id` replaces the entry that had it. */
  store(participantId: string, credential: ParsedCredential, origin?: CredentialOrigin): Promise<StoredCredential>;
  list(participantId: string, page?: { offset?: number; limit?: number }): Promise<Page<StoredCredential>>;
  get(participantId: string, id: string): Promise<StoredCredentialDetail>;
  /** A 404 problem when the participant has no such entry. */
  delete(participantId: string, id: string): Promise<void>;
  /** Every credential of the participant, oldest first. */
  presentable(participantId: string): Promise<PresentableCredential[]>;
}

export const CredentialStore = createServiceToken<CredentialStore>('tdss.CredentialStore', {
  description: 'Verifiable credentials per participant (JWT VC 1.1 and VC 2.0 JOSE), as issuers delivered them.',
  providedBy: ['@tdss/identity-hub'],
});
