import { randomUUID } from 'node:crypto';
import { problems } from '@tdss/sdk';
import type { DidService } from '../did/did-service.ts';
import type { KeyService } from '../keys/key-service.ts';
import { ACCESS_TOKEN_TYPE } from './access-token.ts';
import type { SecureTokenService } from './secure-token-service.ts';

export interface SecureTokenServiceOptions {
  keys: KeyService;
  dids: DidService;
  ttlSeconds: number;
  now?: () => Date;
}

export function createSecureTokenService(options: SecureTokenServiceOptions): SecureTokenService {
  const { keys, dids, ttlSeconds, now = () => new Date() } = options;
  return {
    async createToken(participantId, { audience, bearerAccessScopes = [], token }) {
      if (!audience.startsWith('did:')) throw problems.badRequest(`the audience of a self-issued ID token must be a DID, found ${JSON.stringify(audience.slice(0, 200))}`);
      if (bearerAccessScopes.some((scope) => !/^\S+$/.test(scope))) throw problems.badRequest('a scope is a non-empty string without spaces');
      if (token !== undefined && bearerAccessScopes.length > 0) {
        throw problems.badRequest('a self-issued ID token carries either a given access token or one for bearer access scopes, not both');
      }
      const did = (await dids.find(participantId))?.did;
      if (!did) throw problems.conflict(`participant ${participantId} has no DID yet; create a key pair first`);
      const iat = Math.floor(now().getTime() / 1000);
      const exp = iat + ttlSeconds;
      const accessToken =
        bearerAccessScopes.length > 0
          ? await keys.sign(
              participantId,
              JSON.stringify({ iss: did, aud: did, sub: audience, scope: bearerAccessScopes.join(' '), jti: randomUUID(), iat, nbf: iat, exp }),
              { typ: ACCESS_TOKEN_TYPE },
            )
          : token;
      const claims = { iss: did, sub: did, aud: audience, jti: randomUUID(), iat, exp, ...(accessToken === undefined ? {} : { token: accessToken }) };
      return { token: await keys.sign(participantId, JSON.stringify(claims), { typ: 'JWT' }), expiresAt: new Date(exp * 1000) };
    },
  };
}
