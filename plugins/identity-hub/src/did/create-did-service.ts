import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type Database, type Page, problems } from '@tdss/sdk';
import type { JWK } from 'jose';
import type { KeyPairState } from '../keys/key-pair.ts';
import { checkParticipantId } from '../participants/participant-id.ts';
import { DidRecord } from '../storage/did-record.ts';
import { KeyPairRecord } from '../storage/key-pair-record.ts';
import { buildDidDocument } from './build-did-document.ts';
import type { DidServiceEntry } from './did-document.ts';
import type { DidService, DidServiceEntries, ParticipantDid } from './did-service.ts';
import { didWebFor } from './did-web-url.ts';

export interface DidServiceOptions {
  db: Database;
  /** DID documents are served at `<didBaseUrl>/<participantId>/did.json`. */
  didBaseUrl: string;
  /** The CredentialService endpoint of a participant is `<credentialServiceBaseUrl>/<participantId>`. */
  credentialServiceBaseUrl: string;
  serviceEntries: readonly DidServiceEntries[];
}

/** Keys in these states are verification methods of the document. */
const PUBLISHED_STATES: KeyPairState[] = ['ACTIVATED', 'ROTATED'];

export function createDidService(options: DidServiceOptions): DidService {
  const { db, didBaseUrl, credentialServiceBaseUrl, serviceEntries } = options;
  const dids = (participantId: string) => db.tenantRepository(DidRecord, checkParticipantId(participantId));

  const view = (record: DidRecord): ParticipantDid => ({
    did: record.did,
    participantId: record.tenantId,
    documentUrl: `${didBaseUrl}/${record.tenantId}/did.json`,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  });

  async function find(participantId: string): Promise<ParticipantDid | undefined> {
    const record = await dids(participantId).findOne({});
    return record ? view(record) : undefined;
  }

  async function publishedKeys(participantId: string) {
    const keys = db.tenantRepository(KeyPairRecord, participantId);
    const rows: KeyPairRecord[] = [];
    // Page by page: the repository caps a page at 500, and rotated keys accumulate until revoked.
    for (let total = Infinity; rows.length < total; ) {
      const page = await keys.find({ state: { $in: PUBLISHED_STATES } }, { offset: rows.length, limit: 500, orderBy: { createdAt: 'asc' } });
      if (page.items.length === 0) break;
      rows.push(...page.items);
      total = page.total;
    }
    return rows.map((row) => ({ keyId: row.keyId, publicJwk: JSON.parse(row.publicJwk) as JWK }));
  }

  async function services(participantId: string, did: string): Promise<DidServiceEntry[]> {
    const contributed = await Promise.all(serviceEntries.map((entries) => entries({ participantId, did })));
    return [
      { id: `${did}#credential-service`, type: 'CredentialService', serviceEndpoint: `${credentialServiceBaseUrl}/${participantId}` },
      ...contributed.flat(),
    ];
  }

  return {
    async ensure(participantId) {
      // Read first: the did:web derives from didBaseUrl, which may have changed since the record was made (a restart on another port).
      const existing = await find(participantId);
      if (existing) return existing;
      const now = new Date();
      const record: DidRecord = { did: didWebFor(didBaseUrl, participantId), tenantId: participantId, createdAt: now, updatedAt: now };
      try {
        // One INSERT, without a unit of work.
        await db.em().insert(DidRecord, record);
        return view(record);
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        // Another request created it first: theirs is the record.
        const created = await find(participantId);
        if (created) return created;
        throw problems.conflict(`the DID ${record.did} belongs to another participant`);
      }
    },
    find,
    async list(participantId, page = {}) {
      const result: Page<DidRecord> = await dids(participantId).find({}, { ...page, orderBy: { createdAt: 'asc' } });
      return { ...result, items: result.items.map(view) };
    },
    async get(participantId, did) {
      const record = await dids(participantId).findOne({ did });
      if (!record) throw problems.notFound(`participant ${participantId} has no DID ${did}`);
      return view(record);
    },
    async document(participantId) {
      const record = await dids(participantId).findOne({});
      if (!record) return undefined;
      const [keys, entries] = await Promise.all([publishedKeys(participantId), services(participantId, record.did)]);
      return buildDidDocument(record.did, keys, entries);
    },
  };
}
