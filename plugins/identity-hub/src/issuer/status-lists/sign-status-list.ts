/**
 * The status list credential of a list: a BitstringStatusListCredential (VC 2.0) with an
 * enveloping JOSE proof, signed with the issuer's active key. Its bits are the revoked credentials
 * that point into the list; verifiers check the signature against the issuer's DID document.
 */
import { gzipSync } from 'node:zlib';
import { problems } from '@tdss/sdk';
import { checkParticipantId } from '../../participants/participant-id.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import { ISSUED_CREDENTIALS_TABLE } from '../storage/issued-credential-record.ts';
import { StatusListRecord } from '../storage/status-list-record.ts';
import { statusListUrl } from './status-list-url.ts';

/** How long a verifier may rely on a fetched list: validUntil of the list credential. */
const LIST_VALIDITY_MS = 24 * 3600 * 1000;

export async function signStatusList(deps: IssuerDeps, participantId: string, listId: string): Promise<string> {
  const { db, dcp } = deps;
  checkParticipantId(participantId);
  const list = await db.tenantRepository(StatusListRecord, participantId).findOne({ id: listId });
  const did = (await dcp.dids.find(participantId))?.did;
  if (!list || !did) throw problems.notFound('no status list is at this path');
  const bits = Buffer.alloc(list.size / 8);
  const revoked = await db.kysely()
    .selectFrom(ISSUED_CREDENTIALS_TABLE)
    .select('status_list_index')
    .where('tenant_id', '=', participantId)
    .where('status_list_id', '=', listId)
    .where('revoked_at', 'is not', null)
    .execute();
  for (const { status_list_index: index } of revoked as Array<{ status_list_index: number }>) bits[index >> 3]! |= 0x80 >> (index & 7);
  const url = statusListUrl(deps.issuerBaseUrl(participantId), listId);
  const now = dcp.now();
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: did,
    validFrom: now.toISOString(),
    validUntil: new Date(now.getTime() + LIST_VALIDITY_MS).toISOString(),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: `u${gzipSync(bits).toString('base64url')}` },
  };
  return dcp.keys.sign(participantId, JSON.stringify(credential), { typ: 'vc+jwt' });
}
