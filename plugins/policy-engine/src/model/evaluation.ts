/**
 * What an evaluation is asked: the scope it runs in and the facts its functions read.
 */

/**
 * Where in the control plane a policy is evaluated; the names are EDC's, so policies and
 * functions written for EDC scopes read the same here.
 * - `catalog`: may the counterparty see the offer in a catalog or dataset response;
 * - `contract.negotiation`: may the provider agree to the offer with the counterparty;
 * - `transfer.process`: may a transfer start or go on under the agreement.
 */
export const POLICY_SCOPES = ['catalog', 'contract.negotiation', 'transfer.process'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

/** A verifiable credential the identity layer verified (signature, issuer trust, revocation). */
export interface CounterpartyCredential {
  /** The VC `type` values, e.g. `['VerifiableCredential', 'MembershipCredential']`. */
  readonly types: readonly string[];
  readonly issuer: string;
  /** VC 2.0 `validFrom` (VC 1.1 `issuanceDate`), ISO 8601. */
  readonly validFrom?: string;
  /** VC 2.0 `validUntil` (VC 1.1 `expirationDate`), ISO 8601. */
  readonly validUntil?: string;
  /** The `credentialSubject` claims: one subject or several. */
  readonly subject: Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];
}

/** The party the policy is evaluated for: the consumer asking the provider. */
export interface Counterparty {
  /** Its participant id; under DCP, its DID. */
  readonly id: string;
  readonly credentials?: readonly CounterpartyCredential[];
}

/** The facts functions read. Contributed functions read further keys that their callers add. */
export interface PolicyContext {
  readonly counterparty?: Counterparty;
  readonly [key: string]: unknown;
}

export interface EvaluationRequest {
  readonly scope: PolicyScope;
  readonly context?: PolicyContext;
  /** The action asked for; `use` when absent (every DSP 2025-1 example uses `use`). */
  readonly action?: string;
}
