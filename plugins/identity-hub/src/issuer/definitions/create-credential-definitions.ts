/**
 * The credential definitions of issuing participants. A participant's first definition makes it
 * an issuer: its DID document gains an IssuerService entry, so the cached document is evicted
 * whenever the set changes.
 */
import { randomUUID } from 'node:crypto';
import { type Page, ProblemError, problems } from '@tdss/sdk';
import { checkParticipantId } from '../../participants/participant-id.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import { CredentialDefinitionRecord } from '../storage/credential-definition-record.ts';
import { checkSigningKey } from './check-signing-key.ts';
import { type CredentialDefinition, type NewCredentialDefinition, toCredentialDefinition } from './credential-definition.ts';

export interface DefinitionQuery {
  offset?: number;
  limit?: number;
  credentialType?: string;
  format?: string;
}

export interface CredentialDefinitions {
  create(participantId: string, definition: NewCredentialDefinition): Promise<CredentialDefinition>;
  list(participantId: string, query?: DefinitionQuery): Promise<Page<CredentialDefinition>>;
  get(participantId: string, id: string): Promise<CredentialDefinition>;
  /** Replaces validity, claims, attestations, signing key and schema; the type and format stay (a 409 for others). */
  update(participantId: string, id: string, definition: NewCredentialDefinition): Promise<CredentialDefinition>;
  /** Undefined for another participant's definition, as for one that never existed. */
  find(participantId: string, id: string): Promise<CredentialDefinition | undefined>;
  delete(participantId: string, id: string): Promise<void>;
  /** Whether the participant issues anything. */
  any(participantId: string): Promise<boolean>;
}

/** What a PUT replaces: everything but the type and format. */
function changeable(definition: NewCredentialDefinition) {
  return {
    validitySeconds: definition.validitySeconds,
    claims: JSON.stringify(definition.claims),
    attestations: JSON.stringify(definition.attestations),
    signingKeyPairId: definition.signingKeyPairId ?? null,
    credentialSchema: definition.credentialSchema ?? null,
  };
}

export function createCredentialDefinitions(deps: IssuerDeps): CredentialDefinitions {
  const { db, dcp } = deps;
  const repo = (participantId: string) => db.tenantRepository(CredentialDefinitionRecord, checkParticipantId(participantId));

  async function documentChanged(participantId: string): Promise<void> {
    const did = (await dcp.dids.find(participantId))?.did;
    if (did) dcp.resolver.evict(did);
  }

  async function find(participantId: string, id: string) {
    const record = await repo(participantId).findOne({ id });
    return record ? toCredentialDefinition(record) : undefined;
  }

  return {
    async create(participantId, definition) {
      if (!(await dcp.dids.find(participantId))) {
        throw problems.conflict(`participant ${participantId} has no DID yet: create a key pair first, credentials are signed with it`);
      }
      if (definition.signingKeyPairId !== undefined) await checkSigningKey(deps, participantId, definition.signingKeyPairId);
      let record;
      try {
        record = await repo(participantId).create({ id: randomUUID(), credentialType: definition.credentialType, format: definition.format, ...changeable(definition) });
      } catch (error) {
        if (error instanceof ProblemError && error.status === 409) {
          throw problems.conflict(`participant ${participantId} already defines ${definition.credentialType} in the format ${definition.format}`);
        }
        throw error;
      }
      await documentChanged(participantId);
      dcp.logger.info({ participantId, definitionId: record.id, credentialType: record.credentialType, format: record.format }, 'credential definition created');
      return toCredentialDefinition(record);
    },

    async list(participantId, query = {}) {
      const { offset, limit, credentialType, format } = query;
      const where = { ...(credentialType === undefined ? {} : { credentialType }), ...(format === undefined ? {} : { format: format as CredentialDefinitionRecord['format'] }) };
      const page = await repo(participantId).find(where, { offset, limit, orderBy: { createdAt: 'asc' } });
      return { ...page, items: page.items.map(toCredentialDefinition) };
    },

    async get(participantId, id) {
      const definition = await find(participantId, id);
      if (!definition) throw problems.notFound(`participant ${participantId} has no credential definition ${id}`);
      return definition;
    },

    async update(participantId, id, definition) {
      const current = await find(participantId, id);
      if (!current) throw problems.notFound(`participant ${participantId} has no credential definition ${id}`);
      if (current.credentialType !== definition.credentialType || current.format !== definition.format) {
        throw problems.conflict(`credential definition ${id} is a ${current.credentialType} in ${current.format}; its type and format cannot change (define a new one)`);
      }
      if (definition.signingKeyPairId !== undefined) await checkSigningKey(deps, participantId, definition.signingKeyPairId);
      const record = await repo(participantId).update(id, changeable(definition));
      dcp.logger.info({ participantId, definitionId: id }, 'credential definition updated');
      return toCredentialDefinition(record);
    },

    find,

    async delete(participantId, id) {
      if (!(await repo(participantId).delete(id))) throw problems.notFound(`participant ${participantId} has no credential definition ${id}`);
      await documentChanged(participantId);
      dcp.logger.info({ participantId, definitionId: id }, 'credential definition deleted');
    },

    async any(participantId) {
      return (await repo(participantId).count()) > 0;
    },
  };
}
