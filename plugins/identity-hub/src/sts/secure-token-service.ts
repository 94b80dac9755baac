import { createServiceToken } from '@tdss/sdk';

export interface SelfIssuedTokenRequest {
  /** The DID of the party the token is for: its `aud`. */
  audience: string;
  /**
   * Scopes (e.g. `org.eclipse.dspace.dcp.vc.type:MembershipCredential:read`) that the access token
   * in the `token` claim grants the audience on our credential service. None: no access token.
   */
  bearerAccessScopes?: readonly string[];
  /** An access token another party gave us, carried back to it in `token` (a verifier querying a holder). */
  token?: string;
}

export interface IssuedToken {
  /** The self-issued ID token, a compact JWS. */
  token: string;
  expiresAt: Date;
}

/**
 * The Secure Token Service (DCP 1.0 base protocol, "Self-Issued ID Tokens"): tokens whose `iss` and
 * `sub` are the participant's DID, signed with its active key (`kid` = the key's DID URL). A 409
 * problem when the participant has no DID or no active key.
 */
export interface SecureTokenService {
  createToken(participantId: string, request: SelfIssuedTokenRequest): Promise<IssuedToken>;
}

export const SecureTokenService = createServiceToken<SecureTokenService>('tdss.SecureTokenService', {
  description: 'DCP self-issued ID tokens of participants, with access tokens to their credential service.',
  providedBy: ['@tdss/identity-hub'],
});
