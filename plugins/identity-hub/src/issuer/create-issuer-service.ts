/** The issuer service: definitions, the issuance machine's requests, issued credentials and status lists. */
import { problems } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import { checkParticipantId } from '../participants/participant-id.ts';
import { toIssuedCredential } from './credentials/issued-credential.ts';
import type { CredentialDefinitions } from './definitions/create-credential-definitions.ts';
import { subjectSchema, subjectSchemaUrl } from './definitions/subject-schema.ts';
import type { IssuerDeps } from './issuer-deps.ts';
import { issuerMetadata } from './issuer-metadata.ts';
import type { IssuerService } from './issuer-service.ts';
import { offerCredentials } from './offers/offer-credentials.ts';
import { credentialRequestStatus } from './requests/credential-request-status.ts';
import { decideRequest } from './requests/decide-request.ts';
import { toIssuanceRequest } from './requests/issuance-request.ts';
import type { IssuerParts } from './requests/issuer-parts.ts';
import { receiveCredentialRequest } from './requests/receive-credential-request.ts';
import { IssuanceRequestRecord } from './storage/issuance-request-record.ts';
import { IssuedCredentialRecord } from './storage/issued-credential-record.ts';
import { signStatusList } from './status-lists/sign-status-list.ts';

export function createIssuerService(deps: IssuerDeps, definitions: CredentialDefinitions, machine: StateMachine<IssuanceRequestRecord>): IssuerService {
  const parts: IssuerParts = { deps, definitions, machine };
  const requests = (participantId: string) => deps.db.tenantRepository(IssuanceRequestRecord, checkParticipantId(participantId));
  const credentials = (participantId: string) => deps.db.tenantRepository(IssuedCredentialRecord, checkParticipantId(participantId));

  async function loadCredential(participantId: string, id: string) {
    const record = await credentials(participantId).findOne({ id });
    if (!record) throw problems.notFound(`participant ${participantId} has issued no credential ${id}`);
    return record;
  }

  return {
    createDefinition: definitions.create,
    listDefinitions: definitions.list,
    getDefinition: definitions.get,
    updateDefinition: definitions.update,
    deleteDefinition: definitions.delete,

    async listRequests(participantId, query = {}) {
      const { offset, limit, state, holderDid } = query;
      const where = { ...(state === undefined ? {} : { state }), ...(holderDid === undefined ? {} : { holderDid }) };
      const page = await requests(participantId).find(where, { offset, limit, orderBy: { createdAt: 'asc' } });
      return { ...page, items: page.items.map(toIssuanceRequest) };
    },

    async getRequest(participantId, requestId) {
      const record = await requests(participantId).findOne({ id: requestId });
      if (!record) throw problems.notFound(`participant ${participantId} has no issuance request ${requestId}`);
      return toIssuanceRequest(record);
    },

    approveRequest: (participantId, requestId) => decideRequest(parts, checkParticipantId(participantId), requestId, { approve: true }),
    rejectRequest: (participantId, requestId, reason) => decideRequest(parts, checkParticipantId(participantId), requestId, { approve: false, reason }),

    async listCredentials(participantId, query = {}) {
      const { offset, limit, holderDid, definitionId, requestId, signedWith, revoked } = query;
      const where = {
        ...(holderDid === undefined ? {} : { holderDid }),
        ...(definitionId === undefined ? {} : { definitionId }),
        ...(requestId === undefined ? {} : { requestId }),
        ...(signedWith === undefined ? {} : { signedWith }),
        ...(revoked === undefined ? {} : { revokedAt: revoked ? { $ne: null } : null }),
      };
      const page = await credentials(participantId).find(where, { offset, limit, orderBy: { createdAt: 'asc' } });
      return { ...page, items: page.items.map(toIssuedCredential) };
    },

    async getCredential(participantId, id) {
      return toIssuedCredential(await loadCredential(participantId, id));
    },

    async revokeCredential(participantId, id) {
      const record = await loadCredential(participantId, id);
      if (record.revokedAt) return toIssuedCredential(record);
      const revoked = await credentials(participantId).update(id, { revokedAt: new Date() });
      deps.dcp.logger.info({ participantId, issuedCredentialId: id, holder: record.holderDid, credentialType: record.credentialType }, 'credential revoked');
      return toIssuedCredential(revoked);
    },

    offerCredentials: (participantId, offer) => offerCredentials(parts, checkParticipantId(participantId), offer),
    metadata: (participantId) => issuerMetadata(deps, definitions, checkParticipantId(participantId)),
    receiveRequest: (participantId, authorization, body) => receiveCredentialRequest(parts, checkParticipantId(participantId), authorization, body),
    requestStatus: (participantId, authorization, requestId) => credentialRequestStatus(parts, checkParticipantId(participantId), authorization, requestId),
    statusList: (participantId, listId) => signStatusList(deps, participantId, listId),

    async credentialSchema(participantId, definitionId) {
      const definition = await definitions.find(checkParticipantId(participantId), definitionId);
      // A definition with a schema of its own names it everywhere; serving another would contradict it.
      if (!definition || definition.credentialSchema) throw problems.notFound('no credential schema is at this path');
      return subjectSchema(definition, subjectSchemaUrl(deps.issuerBaseUrl(participantId), definitionId));
    },
  };
}
