import type { KeysWithoutRelationships } from '../verify/keys-without-relationships.ts';

/**
 * What a participant context trusts, from the dataspace it belongs to: which issuers for which
 * credential types, and which credential types a counterparty must present.
 */
export interface DataspaceTrust {
  /** The dataspace's name from the settings. */
  readonly name: string;
  /** Whether `issuer` is trusted for `type`, a term or an IRI ending in a trusted term. */
  trusts(issuer: string, type: string): boolean;
  /** Whether `issuer` is trusted for anything at all. */
  knowsIssuer(issuer: string): boolean;
  /** The issuer participants request the required credentials from, if the dataspace names one. */
  readonly issuer: string | undefined;
  /** Credential type terms every counterparty must present. */
  readonly requiredCredentialTypes: readonly string[];
  /** Present when the dataspace sets acceptKeysWithoutRelationships: hand it to verifyJws. */
  readonly keysWithoutRelationships: KeysWithoutRelationships | undefined;
}

export interface TrustRegistry {
  /** The trust of a participant context, or undefined when no dataspace covers it. */
  forParticipant(participantContextId: string): DataspaceTrust | undefined;
}
