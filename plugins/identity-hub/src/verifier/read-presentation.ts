/**
 * Verifies one presentation of a PresentationResponseMessage and returns the credentials in it,
 * still to be verified one by one. The presentation must be a JWS of the holder, made with a key
 * the holder's DID document lists under authentication (DCP 1.0, "Presentation Validation"):
 * - VC 1.1: a JWT whose `vp` claim lists credential JWTs;
 * - VC 2.0: an enveloping JOSE presentation listing EnvelopedVerifiableCredentials, or an
 *   EnvelopedVerifiablePresentation around one (as EDC sends them).
 * `iss` and `holder`, where present, must be the holder; `aud`, where present, must name us; and
 * `exp` and `nbf`, where present, must hold.
 */
import { CREDENTIALS_V2_CONTEXT, isObject } from '../credentials/parse-credential.ts';
import { type CredentialFormat, InvalidCredentialError } from '../credentials/parsed-credential.ts';
import { ENVELOPED_CREDENTIAL_PREFIX } from '../presentation/create-presentations.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import { JwsVerificationError } from '../verify/jws-verification-error.ts';
import type { KeysWithoutRelationships } from '../verify/keys-without-relationships.ts';
import { verifyJws } from '../verify/verify-jws.ts';

const ENVELOPED_PRESENTATION_PREFIX = 'data:application/vp+jwt,';

export interface PresentationRules {
  resolver: DidResolver;
  keysWithoutRelationships: KeysWithoutRelationships | undefined;
  holder: string;
  verifier: string;
  now: Date;
  clockSkewMs: number;
}

export interface PresentedCredentials {
  /** The format every credential in the presentation must have: DCP wants presentations homogeneous. */
  format: CredentialFormat;
  credentials: unknown[];
}

export async function readPresentation(presentation: unknown, rules: PresentationRules, enveloped = false): Promise<PresentedCredentials> {
  if (typeof presentation !== 'string') throw new InvalidCredentialError('only JWT-secured presentations are supported');
  let bytes: Uint8Array;
  try {
    bytes = (await verifyJws(rules.resolver, presentation, { relationship: 'authentication', signer: rules.holder, keysWithoutRelationships: rules.keysWithoutRelationships })).payload;
  } catch (error) {
    if (error instanceof JwsVerificationError) throw new InvalidCredentialError(`the presentation does not verify: ${error.message}`);
    throw error;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InvalidCredentialError('the presentation payload is not JSON');
  }
  if (!isObject(payload)) throw new InvalidCredentialError('the presentation payload is not a JSON object');
  checkClaims(payload, rules);

  if (isObject(payload.vp)) {
    checkHolder(payload.vp.holder, rules.holder);
    return { format: 'vc11-sl2021/jwt', credentials: list(payload.vp.verifiableCredential) };
  }
  const types = [payload.type].flat();
  if (!enveloped && types.includes('EnvelopedVerifiablePresentation') && typeof payload.id === 'string' && payload.id.startsWith(ENVELOPED_PRESENTATION_PREFIX)) {
    return readPresentation(payload.id.slice(ENVELOPED_PRESENTATION_PREFIX.length), rules, true);
  }
  if (types.includes('VerifiablePresentation') && [payload['@context']].flat().includes(CREDENTIALS_V2_CONTEXT)) {
    checkHolder(payload.holder, rules.holder);
    return { format: 'vc20-bssl/jwt', credentials: list(payload.verifiableCredential).map(unenvelope) };
  }
  throw new InvalidCredentialError('the presentation is neither a VC 1.1 JWT presentation nor a VC 2.0 JOSE presentation');
}

function checkClaims(payload: Record<string, unknown>, rules: PresentationRules): void {
  const { iss, aud, exp, nbf } = payload;
  const now = rules.now.getTime();
  if (iss !== undefined && iss !== rules.holder) throw new InvalidCredentialError('the presentation was issued by another party than the holder');
  if (aud !== undefined && !(aud === rules.verifier || (Array.isArray(aud) && aud.includes(rules.verifier)))) {
    throw new InvalidCredentialError('the presentation is addressed to another verifier');
  }
  if (exp !== undefined && (typeof exp !== 'number' || exp * 1000 <= now - rules.clockSkewMs)) throw new InvalidCredentialError('the presentation has expired');
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf * 1000 > now + rules.clockSkewMs)) throw new InvalidCredentialError('the presentation is not valid yet');
}

function checkHolder(holder: unknown, expected: string): void {
  const id = isObject(holder) ? holder.id : holder;
  if (id !== undefined && id !== expected) throw new InvalidCredentialError('the presentation names another holder');
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : [value].flat();
}

function unenvelope(entry: unknown): unknown {
  if (isObject(entry) && [entry.type].flat().includes('EnvelopedVerifiableCredential') && typeof entry.id === 'string' && entry.id.startsWith(ENVELOPED_CREDENTIAL_PREFIX)) {
    return entry.id.slice(ENVELOPED_CREDENTIAL_PREFIX.length);
  }
  return entry;
}
