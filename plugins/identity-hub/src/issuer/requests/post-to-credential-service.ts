/**
 * A DCP message from the issuer to a holder's credential service (`POST <CredentialService><path>`:
 * the Storage API's `/credentials`, the Credential Offer API's `/offers`), found in the holder's DID
 * document. The issuer authenticates with a self-issued ID token addressed to the holder, carrying
 * the access token the holder gave with its request, if any. Throws when the holder cannot be
 * reached or does not take the message; the error names the holder and its answer, never a token.
 */
import { serviceEndpoint } from '../../did/service-endpoint.ts';
import { fetchLimited } from '../../remote/fetch-limited.ts';
import { problemDetail } from '../../remote/problem-detail.ts';
import { remoteUrlProblem } from '../../remote/remote-url.ts';
import type { IssuerDeps } from '../issuer-deps.ts';

/** Holders answer with a problem at most; a longer answer is cut. */
const ANSWER_MAX_BYTES = 65_536;

export interface HolderMessage {
  /** The issuing participant. */
  participantId: string;
  holderDid: string;
  path: '/credentials' | '/offers';
  message: object;
  accessToken?: string;
}

export async function postToCredentialService(deps: IssuerDeps, { participantId, holderDid, path, message, accessToken }: HolderMessage): Promise<void> {
  const { dcp } = deps;
  const document = await dcp.resolver.resolve(holderDid);
  const credentialService = serviceEndpoint(document, 'CredentialService');
  if (!credentialService) throw new Error(`the DID document of ${holderDid} names no CredentialService`);
  const urlProblem = remoteUrlProblem(credentialService, { httpLoopback: deps.httpLoopback });
  if (urlProblem) throw new Error(`the CredentialService of ${holderDid} ${urlProblem}`);
  const { token } = await dcp.sts.createToken(participantId, { audience: holderDid, ...(accessToken ? { token: accessToken } : {}) });
  const answer = await fetchLimited(`${credentialService}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(message),
    timeoutMs: deps.timeoutMs,
    maxBytes: ANSWER_MAX_BYTES,
  });
  if (answer.status < 200 || answer.status >= 300) throw new Error(`the credential service of ${holderDid} answered ${answer.status}${problemDetail(answer.text)}`);
}
