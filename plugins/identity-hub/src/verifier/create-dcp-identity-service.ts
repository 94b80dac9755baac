/**
 * DspIdentityService with DCP 1.0, for the control plane.
 *
 * verify (an incoming DSP request): the counterparty's self-issued ID token (see
 * verify-self-issued-token), then its credential service is queried, with the access token the
 * token carries, for the credential types the receiving participant's dataspace requires, and
 * what it presents is checked (see verify-presentations). The claims handed on are the subjects
 * of the trusted credentials by type (see credential-claims).
 *
 * authorize (an outgoing DSP request): a self-issued ID token for the counterparty whose access
 * token lets it read the types our dataspace requires from our credential service.
 */
import { type DspIdentityService, ProblemError, type VerifiedCounterparty } from '@tdss/sdk';
import { InvalidCredentialError } from '../credentials/parsed-credential.ts';
import { type DcpServices, selfIssuedTokenRules } from '../dcp/dcp-services.ts';
import { typeScope } from '../presentation/scopes.ts';
import { DidResolutionError } from '../resolver/did-resolution-error.ts';
import { bearerToken } from '../tokens/bearer-token.ts';
import { unauthorized } from '../tokens/unauthorized.ts';
import { verifySelfIssuedToken } from '../tokens/verify-self-issued-token.ts';
import { credentialClaims } from './credential-claims.ts';
import { credentialServiceEndpoint } from './credential-service-endpoint.ts';
import { queryCredentialService } from './query-credential-service.ts';
import { createPresentationVerifier } from './verify-presentations.ts';

export interface DcpVerifierOptions {
  httpLoopback: boolean;
  timeoutMs: number;
  presentationMaxBytes: number;
  /** 0: no cache. */
  verifiedCredentialCacheMaxEntries: number;
}

export function createDcpIdentityService(services: DcpServices, options: DcpVerifierOptions): DspIdentityService {
  const { dids, logger } = services;
  const warned = new Set<string>();
  const verifyPresentations = createPresentationVerifier({
    resolver: services.resolver,
    statusLists: services.statusLists,
    clockSkewMs: services.clockSkewMs,
    verifiedCredentialCacheMaxEntries: options.verifiedCredentialCacheMaxEntries,
  });

  /** The participant id the control plane uses should be the DID: say so once when it is not. */
  function noteParticipantId(participantContextId: string, participantId: string, did: string): void {
    if (participantId === did || warned.has(participantContextId)) return;
    warned.add(participantContextId);
    logger.warn(
      { participantContextId, participantId, did },
      'the participant id of this participant context is not its DID; DCP identifies participants by DID, so counterparties must address it by the DID',
    );
  }

  async function ownDid(participantContextId: string): Promise<string> {
    const did = (await dids.find(participantContextId))?.did;
    if (!did) throw unauthorized('this participant has no DID and cannot verify DCP tokens');
    return did;
  }

  return {
    async verify(request): Promise<VerifiedCounterparty> {
      const { participantContextId } = request;
      try {
        const did = await ownDid(participantContextId);
        noteParticipantId(participantContextId, request.audience, did);
        const token = bearerToken(request.authorization);
        const { issuer: holder, claims } = await verifySelfIssuedToken(token, selfIssuedTokenRules(services, participantContextId, did));
        const trust = services.trust.forParticipant(participantContextId);
        if (!trust) throw unauthorized('this participant belongs to no configured dataspace and trusts no issuer');
        // A dataspace that requires no credential authenticates by the DID key alone.
        if (trust.requiredCredentialTypes.length === 0) return { participantId: holder, claims: {} };
        if (typeof claims.token !== 'string' || claims.token.length === 0) {
          throw unauthorized('the self-issued ID token carries no access token (token claim) for the credential service');
        }
        const endpoint = credentialServiceEndpoint(await services.resolver.resolve(holder).catch((error: unknown) => {
          throw error instanceof DidResolutionError ? unauthorized(error.message) : error;
        }));
        if (!endpoint) throw unauthorized(`the DID document of ${holder} names no CredentialService`);
        const { token: idToken } = await services.sts.createToken(participantContextId, { audience: holder, token: claims.token });
        const presentations = await queryCredentialService({
          endpoint,
          idToken,
          scopes: trust.requiredCredentialTypes.map(typeScope),
          timeoutMs: options.timeoutMs,
          maxBytes: options.presentationMaxBytes,
          httpLoopback: options.httpLoopback,
        });
        const { trusted, leftOut } = await verifyPresentations({ trust, holder, verifier: did, presentations, now: services.now() });
        logger.debug({ participantContextId, counterparty: holder, credentials: trusted.length, leftOut }, 'counterparty credentials verified');
        return { participantId: holder, claims: credentialClaims(trusted) };
      } catch (error) {
        const refusal = error instanceof InvalidCredentialError ? unauthorized(`the counterparty's credentials are not acceptable: ${error.message}`) : error;
        if (refusal instanceof ProblemError && refusal.status === 401) {
          logger.info({ participantContextId, reason: refusal.message }, 'DSP request refused: DCP verification failed');
        }
        throw refusal;
      }
    },

    async authorize(request) {
      const trust = services.trust.forParticipant(request.participantContextId);
      const did = (await dids.find(request.participantContextId))?.did;
      if (did) noteParticipantId(request.participantContextId, request.participantId, did);
      const { token } = await services.sts.createToken(request.participantContextId, {
        audience: request.counterpartyId,
        bearerAccessScopes: (trust?.requiredCredentialTypes ?? []).map(typeScope),
      });
      return `Bearer ${token}`;
    },
  };
}
