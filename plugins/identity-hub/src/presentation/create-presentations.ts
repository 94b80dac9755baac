/**
 * The holder's verifiable presentations for one verifier, signed with the holder's active key.
 * DCP 1.0 wants them homogeneous, so each credential format gets its own presentation:
 * - VC 1.1 credentials go in a JWT with a `vp` claim whose `verifiableCredential` lists the JWTs;
 * - VC 2.0 credentials go in an enveloping JOSE presentation (`typ` vp+jwt) whose
 *   `verifiableCredential` lists EnvelopedVerifiableCredentials (`data:application/vc+jwt,<JWS>`).
 * Both carry `iss` = `sub` = `holder`, `aud` = the verifier, `jti`, `iat`, `nbf` and `exp`, so a
 * presentation cannot be replayed to another verifier or after it expired.
 */
import { randomUUID } from 'node:crypto';
import type { PresentableCredential } from '../credentials/credential-store.ts';
import { CREDENTIALS_V1_CONTEXT, CREDENTIALS_V2_CONTEXT } from '../credentials/parse-credential.ts';
import type { CredentialFormat } from '../credentials/parsed-credential.ts';
import type { KeyService } from '../keys/key-service.ts';

export const ENVELOPED_CREDENTIAL_PREFIX = 'data:application/vc+jwt,';

export interface PresentationRequest {
  participantId: string;
  holder: string;
  verifier: string;
  credentials: readonly PresentableCredential[];
  ttlSeconds: number;
  now: Date;
}

export async function createPresentations(keys: KeyService, request: PresentationRequest): Promise<string[]> {
  const byFormat = new Map<CredentialFormat, string[]>();
  for (const credential of request.credentials) byFormat.set(credential.format, [...(byFormat.get(credential.format) ?? []), credential.raw]);
  const iat = Math.floor(request.now.getTime() / 1000);
  const claims = () => ({ iss: request.holder, sub: request.holder, aud: request.verifier, jti: randomUUID(), iat, nbf: iat, exp: iat + request.ttlSeconds });
  const presentations: string[] = [];
  for (const [format, raws] of byFormat) {
    const signed =
      format === 'vc11-sl2021/jwt'
        ? keys.sign(
            request.participantId,
            JSON.stringify({
              ...claims(),
              vp: { '@context': [CREDENTIALS_V1_CONTEXT], type: ['VerifiablePresentation'], holder: request.holder, verifiableCredential: raws },
            }),
            { typ: 'JWT' },
          )
        : keys.sign(
            request.participantId,
            JSON.stringify({
              ...claims(),
              '@context': [CREDENTIALS_V2_CONTEXT],
              type: ['VerifiablePresentation'],
              holder: request.holder,
              verifiableCredential: raws.map((raw) => ({ '@context': CREDENTIALS_V2_CONTEXT, type: 'EnvelopedVerifiableCredential', id: `${ENVELOPED_CREDENTIAL_PREFIX}${raw}` })),
            }),
            { typ: 'vp+jwt', header: { cty: 'vp' } },
          );
    presentations.push(await signed);
  }
  return presentations;
}
