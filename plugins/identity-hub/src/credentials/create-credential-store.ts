import { randomUUID } from 'node:crypto';
import { type Database, type Logger, problems, ProblemError } from '@tdss/sdk';
import { decodeJwt } from 'jose';
import { checkParticipantId } from '../participants/participant-id.ts';
import { CredentialRecord } from '../storage/credential-record.ts';
import type { CredentialStore } from './credential-store.ts';
import { toStoredCredential } from './credential-view.ts';

/** The repository caps a page at this; `presentable` reads page by page. */
const PAGE = 500;

export function createCredentialStore(options: { db: Database; logger: Logger }): CredentialStore {
  const { db, logger } = options;
  const repo = (participantId: string) => db.tenantRepository(CredentialRecord, checkParticipantId(participantId));

  async function load(participantId: string, id: string): Promise<CredentialRecord> {
    const record = await repo(participantId).findOne({ id });
    // Another participant's entry is as absent as one that never existed.
    if (!record) throw problems.notFound(`participant ${participantId} has no credential ${id}`);
    return record;
  }

  return {
    async store(participantId, credential, origin = {}) {
      const row = {
        credentialId: credential.id ?? null,
        format: credential.format,
        types: JSON.stringify(credential.types),
        issuer: credential.issuer,
        subjectId: credential.subjectId,
        validFrom: credential.validFrom ?? null,
        validUntil: credential.validUntil ?? null,
        status: JSON.stringify(credential.status),
        raw: credential.raw,
        issuerPid: origin.issuerPid ?? null,
        holderPid: origin.holderPid ?? null,
      };
      const replace = async () => {
        const existing = credential.id === undefined ? null : await repo(participantId).findOne({ credentialId: credential.id });
        return existing ? repo(participantId).update(existing.id, { ...row, updatedAt: new Date() }) : undefined;
      };
      let record = await replace();
      if (!record) {
        try {
          record = await repo(participantId).create({ id: randomUUID(), ...row });
        } catch (error) {
          // The same credential arrived twice at once: the second delivery replaces the first.
          record = error instanceof ProblemError && error.status === 409 ? await replace() : undefined;
          if (!record) throw error;
        }
      }
      logger.info({ participantId, credentialEntryId: record.id, types: credential.types, issuer: credential.issuer }, 'credential stored');
      return toStoredCredential(record);
    },

    async list(participantId, page = {}) {
      const result = await repo(participantId).find({}, { ...page, orderBy: { createdAt: 'asc' } });
      return { ...result, items: result.items.map(toStoredCredential) };
    },

    async get(participantId, id) {
      const record = await load(participantId, id);
      return { ...toStoredCredential(record), credential: decodeJwt(record.raw) as Record<string, unknown> };
    },

    async delete(participantId, id) {
      await load(participantId, id);
      await repo(participantId).delete(id);
      logger.info({ participantId, credentialEntryId: id }, 'credential deleted');
    },

    async presentable(participantId) {
      const rows: CredentialRecord[] = [];
      for (let total = Infinity; rows.length < total; ) {
        const page = await repo(participantId).find({}, { offset: rows.length, limit: PAGE, orderBy: { createdAt: 'asc' } });
        if (page.items.length === 0) break;
        rows.push(...page.items);
        total = page.total;
      }
      return rows.map((row) => ({ ...toStoredCredential(row), raw: row.raw }));
    },
  };
}
