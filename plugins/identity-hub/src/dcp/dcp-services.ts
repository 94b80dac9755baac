/**
 * What the DCP endpoints and the verifier share: the services they call and the token rules of
 * the settings, with a clock tests can set.
 */
import type { Logger } from '@tdss/sdk';
import type { CredentialStore } from '../credentials/credential-store.ts';
import type { DidService } from '../did/did-service.ts';
import type { KeyService } from '../keys/key-service.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import type { StatusListChecker } from '../status/status-list-checker.ts';
import type { SecureTokenService } from '../sts/secure-token-service.ts';
import type { TokenIdStore } from '../tokens/token-id-store.ts';
import type { SelfIssuedTokenRules } from '../tokens/verify-self-issued-token.ts';
import type { TrustRegistry } from '../trust/dataspace-trust.ts';

export const DCP_CONTEXT = 'https://w3id.org/dspace-dcp/v1.0/dcp.jsonld';

export interface DcpServices {
  dids: DidService;
  keys: KeyService;
  resolver: DidResolver;
  credentials: CredentialStore;
  sts: SecureTokenService;
  tokenIds: TokenIdStore;
  statusLists: StatusListChecker;
  trust: TrustRegistry;
  logger: Logger;
  clockSkewMs: number;
  maxTokenLifetimeMs: number;
  ttlSeconds: number;
  now: () => Date;
}

/** The rules a self-issued token addressed to `audience`, our participant's DID, must meet; its dataspace's key rules. */
export function selfIssuedTokenRules(services: DcpServices, participantId: string, audience: string): SelfIssuedTokenRules {
  return {
    resolver: services.resolver,
    keysWithoutRelationships: services.trust.forParticipant(participantId)?.keysWithoutRelationships,
    tokenIds: services.tokenIds,
    audience,
    participantId,
    now: services.now(),
    clockSkewMs: services.clockSkewMs,
    maxLifetimeMs: services.maxTokenLifetimeMs,
  };
}
