/**
 * Sends a CredentialMessage to the holder's Storage API (`POST <CredentialService>/credentials`),
 * found in the holder's DID document. The issuer authenticates with a self-issued ID token
 * addressed to the holder, carrying the access token the holder gave with its request, if any.
 * Throws when the holder does not take it; the machine retries.
 */
import { DCP_CONTEXT } from '../../dcp/dcp-services.ts';
import { serviceEndpoint } from '../../did/service-endpoint.ts';
import { fetchLimited } from '../../remote/fetch-limited.ts';
import { problemDetail } from '../../remote/problem-detail.ts';
import { remoteUrlProblem } from '../../remote/remote-url.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import type { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import { accessTokenKey } from './issuer-parts.ts';

export interface CredentialContainer {
  credentialType: string;
  format: string;
  payload: string;
}

/** Holders answer with a problem at most; a longer answer is cut. */
const ANSWER_MAX_BYTES = 65_536;

export async function deliverCredentialMessage(
  deps: IssuerDeps,
  request: Readonly<IssuanceRequestRecord>,
  outcome: { status: 'ISSUED'; credentials: CredentialContainer[] } | { status: 'REJECTED'; rejectionReason: string | null },
): Promise<void> {
  const { dcp } = deps;
  const document = await dcp.resolver.resolve(request.holderDid);
  const credentialService = serviceEndpoint(document, 'CredentialService');
  if (!credentialService) throw new Error(`the DID document of ${request.holderDid} names no CredentialService`);
  const urlProblem = remoteUrlProblem(credentialService, { httpLoopback: deps.httpLoopback });
  if (urlProblem) throw new Error(`the CredentialService of ${request.holderDid} ${urlProblem}`);
  const accessToken = request.hasAccessToken ? await deps.secrets.get(request.tenantId, accessTokenKey(request.id)) : undefined;
  const { token } = await dcp.sts.createToken(request.tenantId, { audience: request.holderDid, ...(accessToken ? { token: accessToken } : {}) });
  const message = {
    '@context': [DCP_CONTEXT],
    type: 'CredentialMessage',
    issuerPid: request.id,
    holderPid: request.holderPid,
    ...outcome,
  };
  const url = `${credentialService}/credentials`;
  const answer = await fetchLimited(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(message),
    timeoutMs: deps.timeoutMs,
    maxBytes: ANSWER_MAX_BYTES,
  });
  if (answer.status < 200 || answer.status >= 300) throw new Error(`the credential service of ${request.holderDid} answered ${answer.status}${problemDetail(answer.text)}`);
}
