/**
 * How the control plane authenticates Dataspace Protocol requests, in both directions. The
 * identity hub implements it with DCP (self-issued tokens and verifiable presentations); the
 * development plugin with shared-secret tokens. A profile must choose one: there is no default.
 */
import { createServiceToken } from '../token.ts';

/** Who the counterparty of a request is, as far as the identity service could verify. */
export interface VerifiedCounterparty {
  /** The counterparty's participant id (for DCP, its DID). */
  participantId: string;
  /** Verified claims (e.g. from credentials), keyed by credential type or claim name, for policies. */
  claims: Record<string, unknown>;
}

export interface IncomingDspRequest {
  /** The Authorization header as received, if any. */
  authorization: string | undefined;
  /** The participant id of our participant context the request is addressed to (the token's audience). */
  audience: string;
  /** The participant context that received it. */
  participantContextId: string;
}

export interface OutgoingDspRequest {
  /** Our participant context that sends. */
  participantContextId: string;
  /** Our participant id (the token's issuer). */
  participantId: string;
  /** The participant id of the receiver (the token's audience). */
  counterpartyId: string;
  /** The receiver's DSP base address. */
  counterpartyAddress: string;
}

export interface DspIdentityService {
  /** Verifies an incoming request; throws a 401 ProblemError when it cannot be trusted. */
  verify(request: IncomingDspRequest): Promise<VerifiedCounterparty>;
  /** The Authorization header value for an outgoing request. */
  authorize(request: OutgoingDspRequest): Promise<string>;
}

export const DspIdentityService = createServiceToken<DspIdentityService>('tdss.DspIdentityService', {
  description: 'Authentication of Dataspace Protocol requests (DCP, or shared-secret tokens for development)',
  providedBy: ['@tdss/identity-hub', '@tdss/identity-dev'],
});
