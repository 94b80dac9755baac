/**
 * The Credential Request Status API (`GET <IssuerService>/requests/<issuerPid>`): only the holder
 * that made the request may read it, authenticated as on the request itself. Anyone else's
 * request is as absent as one that never existed.
 */
import { problems } from '@tdss/sdk';
import { DCP_CONTEXT, selfIssuedTokenRules } from '../../dcp/dcp-services.ts';
import { bearerToken } from '../../tokens/bearer-token.ts';
import { verifySelfIssuedToken } from '../../tokens/verify-self-issued-token.ts';
import { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import { toIssuanceRequest } from './issuance-request.ts';
import { issuerDid } from './issuer-did.ts';
import type { IssuerParts } from './issuer-parts.ts';

export interface CredentialStatusMessage {
  '@context': string[];
  type: 'CredentialStatus';
  issuerPid: string;
  holderPid: string;
  status: 'RECEIVED' | 'ISSUED' | 'REJECTED';
}

export async function credentialRequestStatus(parts: IssuerParts, participantId: string, authorization: string | undefined, requestId: string): Promise<CredentialStatusMessage> {
  const { deps, definitions } = parts;
  const issuer = await issuerDid(deps, definitions, participantId);
  const { issuer: holder } = await verifySelfIssuedToken(bearerToken(authorization), selfIssuedTokenRules(deps.dcp, participantId, issuer));
  const record = await deps.db.tenantRepository(IssuanceRequestRecord, participantId).findOne({ id: requestId, holderDid: holder });
  if (!record) throw problems.notFound(`${holder} has no credential request ${requestId} here`);
  const request = toIssuanceRequest(record);
  return { '@context': [DCP_CONTEXT], type: 'CredentialStatus', issuerPid: request.id, holderPid: request.holderPid, status: request.status };
}
