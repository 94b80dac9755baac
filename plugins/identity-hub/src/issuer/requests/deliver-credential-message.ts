/**
 * Sends a CredentialMessage to the holder's Storage API (`POST <CredentialService>/credentials`),
 * with the access token the holder gave with its request, if any. Throws when the holder does not
 * take it; the machine retries.
 */
import { DCP_CONTEXT } from '../../dcp/dcp-services.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import type { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import { accessTokenKey } from './issuer-parts.ts';
import { postToCredentialService } from './post-to-credential-service.ts';

export interface CredentialContainer {
  credentialType: string;
  format: string;
  payload: string;
}

export async function deliverCredentialMessage(
  deps: IssuerDeps,
  request: Readonly<IssuanceRequestRecord>,
  outcome: { status: 'ISSUED'; credentials: CredentialContainer[] } | { status: 'REJECTED'; rejectionReason: string | null },
): Promise<void> {
  const accessToken = request.hasAccessToken ? await deps.secrets.get(request.tenantId, accessTokenKey(request.id)) : undefined;
  const message = {
    '@context': [DCP_CONTEXT],
    type: 'CredentialMessage',
    issuerPid: request.id,
    holderPid: request.holderPid,
    ...outcome,
  };
  await postToCredentialService(deps, {
    participantId: request.tenantId,
    holderDid: request.holderDid,
    path: '/credentials',
    message,
    ...(accessToken ? { accessToken } : {}),
  });
}
