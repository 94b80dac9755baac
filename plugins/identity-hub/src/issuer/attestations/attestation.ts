/**
 * Attestations decide whether a holder gets a credential, and with which claims. Every
 * attestation of a definition must agree; the first that refuses gives the reason.
 */

/** A holder DID, or a pattern in which `*` stands for any characters (DIDs never hold a `*`). */
export interface AllowListEntry {
  holder: string;
  /** Claims this holder's credential subject gets, beside the definition's own. */
  claims?: Record<string, unknown>;
}

/** The issuer's own list of holders: a holder not on it is refused. */
export interface HolderAllowListAttestation {
  type: 'holderAllowList';
  holders: AllowListEntry[];
}

/** An operator approves or rejects each request through the management API; until then it waits. */
export interface OperatorApprovalAttestation {
  type: 'operatorApproval';
}

export type Attestation = HolderAllowListAttestation | OperatorApprovalAttestation;

export const ATTESTATION_TYPES = ['holderAllowList', 'operatorApproval'] as const;
