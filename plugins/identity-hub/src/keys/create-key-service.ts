import type { EntityManager } from '@mikro-orm/core';
import { type Database, type Logger, ProblemError, problems } from '@tdss/sdk';
import { calculateJwkThumbprint } from 'jose';
import type { DidService } from '../did/did-service.ts';
import { checkParticipantId } from '../participants/participant-id.ts';
import { DidRecord } from '../storage/did-record.ts';
import { KeyPairRecord } from '../storage/key-pair-record.ts';
import { ALGORITHMS } from './key-algorithms.ts';
import { KEY_PAIR_STATES, type KeyAlgorithm, type KeyPairState } from './key-pair.ts';
import { toKeyPair } from './key-pair-view.ts';
import type { KeyService } from './key-service.ts';
import { newKeyPairId } from './key-pair-id.ts';
import { checkNewKeyPair } from './new-key-pair-options.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface KeyServiceOptions {
  db: Database;
  /** Where private keys are made, sign and are destroyed. */
  signingKeys: SigningKeys;
  dids: DidService;
  defaultAlgorithm: KeyAlgorithm;
  logger: Logger;
  /** Called after a change to the keys a DID document lists, e.g. to drop cached copies. */
  documentChanged(did: string): void;
}

export function createKeyService(options: KeyServiceOptions): KeyService {
  const { db, signingKeys, dids, logger, defaultAlgorithm } = options;
  const repo = (participantId: string, em?: EntityManager) => db.tenantRepository(KeyPairRecord, participantId, em);

  const missing = (participantId: string, keyPairId: string) => problems.notFound(`participant ${participantId} has no key pair ${keyPairId}`);

  /** The DID of a participant that has the key pair; without a DID it has no key pairs at all. */
  async function didOf(participantId: string, keyPairId: string): Promise<string> {
    const did = (await dids.find(checkParticipantId(participantId)))?.did;
    if (did === undefined) throw missing(participantId, keyPairId);
    return did;
  }

  async function load(participantId: string, keyPairId: string, em?: EntityManager): Promise<KeyPairRecord> {
    const record = await repo(checkParticipantId(participantId), em).findOne({ id: keyPairId });
    // Another participant's key pair is as absent as one that never existed.
    if (!record) throw missing(participantId, keyPairId);
    return record;
  }

  async function activeKey(participantId: string, em?: EntityManager): Promise<KeyPairRecord | null> {
    return repo(participantId, em).findOne({ state: 'ACTIVATED' });
  }

  function expectState(record: KeyPairRecord, allowed: readonly KeyPairState[], action: string): void {
    if (!allowed.includes(record.state)) {
      throw problems.conflict(`key pair ${record.id} is ${record.state}; only a ${allowed.join(' or ')} key pair can be ${action}`);
    }
  }

  async function noOtherActiveKey(participantId: string, em?: EntityManager): Promise<void> {
    const active = await activeKey(participantId, em);
    if (active) throw problems.conflict(`participant ${participantId} already has the active key pair ${active.id}; rotate it instead`);
  }

  /** Marks the DID document changed in the same transaction as the keys: one UPDATE, no read first. */
  async function touchDid(participantId: string, did: string, em: EntityManager): Promise<void> {
    await em.nativeUpdate(DidRecord, { did, tenantId: participantId }, { updatedAt: new Date() });
  }

  /**
   * Generates a key where its private half lives; `write` then records it in a transaction. When
   * that fails, the private key is destroyed again, so no secret outlives its record. A process
   * killed in between leaves the private key without a record: with a key id of the caller's
   * choosing, the key pair's id is derived from it (`newKeyPairId`), so the create repeated after
   * the crash writes that same private key slot again rather than a second one.
   */
  async function withNewKey(
    participantId: string,
    { algorithm, keyId }: { algorithm: KeyAlgorithm; keyId?: string },
    write: (row: Omit<KeyPairRecord, 'tenantId' | 'createdAt' | 'updatedAt'>, em: EntityManager) => Promise<void>,
    /** When the write's transaction failed on a unique index: throws the conflict that explains it, if it can. */
    explainConflict?: () => Promise<void>,
  ): Promise<void> {
    const id = newKeyPairId(participantId, keyId);
    const recorded = async () => (await repo(participantId).findOne({ id })) !== null;
    // A taken key id is refused before a key is generated into the slot of its private key.
    if (keyId !== undefined && (await recorded())) throw problems.conflict(`participant ${participantId} has a key pair with key id ${keyId} already`);
    const publicJwk = await signingKeys.generate(participantId, id, algorithm);
    const thumbprint = await calculateJwkThumbprint(publicJwk);
    try {
      await db.transactional((em) =>
        write(
          {
            id,
            keyId: keyId ?? thumbprint,
            algorithm,
            state: 'CREATED',
            publicJwk: JSON.stringify(publicJwk),
            activatedAt: null,
            rotatedAt: null,
            revokedAt: null,
          },
          em,
        ),
      );
    } catch (error) {
      // Not when a concurrent create of the same key id recorded it: that private key is theirs.
      if (keyId === undefined || !(await recorded())) await signingKeys.destroy(participantId, id);
      if (explainConflict && error instanceof ProblemError && error.status === 409) await explainConflict();
      throw error;
    }
  }

  async function destroyPrivateKey(participantId: string, keyPairId: string): Promise<void> {
    await signingKeys.destroy(participantId, keyPairId);
  }

  function changed(participantId: string, did: string, record: KeyPairRecord, event: string): void {
    logger.info({ participantId, keyPairId: record.id, keyId: record.keyId, algorithm: record.algorithm, state: record.state }, event);
    options.documentChanged(did);
  }

  return {
    async create(participantId, { activate = true, ...options } = {}) {
      checkParticipantId(participantId);
      const key = { algorithm: defaultAlgorithm, ...checkNewKeyPair(options) };
      const { did } = await dids.ensure(participantId);
      let created!: KeyPairRecord;
      await withNewKey(
        participantId,
        key,
        async (row, em) => {
          const now = new Date();
          created = await repo(participantId, em).create(activate ? { ...row, state: 'ACTIVATED', activatedAt: now } : row);
          if (activate) await touchDid(participantId, did, em);
        },
        // The one-active-key index refuses a second active key, rather than a read before every insert; the read only names it.
        activate ? () => noOtherActiveKey(participantId) : undefined,
      );
      if (activate) changed(participantId, did, created, 'key pair created and activated');
      else logger.info({ participantId, keyPairId: created.id, keyId: created.keyId, algorithm: created.algorithm }, 'key pair created');
      return toKeyPair(created, did);
    },

    async activate(participantId, keyPairId) {
      const did = await didOf(participantId, keyPairId);
      const activated = await db.transactional(async (em) => {
        expectState(await load(participantId, keyPairId, em), ['CREATED'], 'activated');
        await noOtherActiveKey(participantId, em);
        const record = await repo(participantId, em).update(keyPairId, { state: 'ACTIVATED', activatedAt: new Date() });
        await touchDid(participantId, did, em);
        return record;
      });
      changed(participantId, did, activated, 'key pair activated');
      return toKeyPair(activated, did);
    },

    async rotate(participantId, keyPairId, successorOptions = {}) {
      const checked = checkNewKeyPair(successorOptions);
      const did = await didOf(participantId, keyPairId);
      const current = await load(participantId, keyPairId);
      expectState(current, ['ACTIVATED'], 'rotated');
      let rotated!: KeyPairRecord;
      let successor!: KeyPairRecord;
      await withNewKey(participantId, { algorithm: current.algorithm, ...checked }, async (row, em) => {
        const now = new Date();
        // Two flushes in this order: the old key leaves ACTIVATED before the new one enters it,
        // which the one-active-key index requires. A concurrent rotation fails on that index.
        expectState(await load(participantId, keyPairId, em), ['ACTIVATED'], 'rotated');
        rotated = await repo(participantId, em).update(keyPairId, { state: 'ROTATED', rotatedAt: now });
        successor = await repo(participantId, em).create({ ...row, state: 'ACTIVATED', activatedAt: now });
        await touchDid(participantId, did, em);
      });
      // Nothing may sign with a replaced key any more; its public half keeps verifying.
      await destroyPrivateKey(participantId, keyPairId);
      changed(participantId, did, rotated, 'key pair rotated');
      changed(participantId, did, successor, 'key pair activated');
      return { rotated: toKeyPair(rotated, did), successor: toKeyPair(successor, did) };
    },

    async revoke(participantId, keyPairId) {
      const did = await didOf(participantId, keyPairId);
      const revoked = await db.transactional(async (em) => {
        expectState(await load(participantId, keyPairId, em), ['CREATED', 'ACTIVATED', 'ROTATED'], 'revoked');
        const record = await repo(participantId, em).update(keyPairId, { state: 'REVOKED', revokedAt: new Date() });
        await touchDid(participantId, did, em);
        return record;
      });
      await destroyPrivateKey(participantId, keyPairId);
      changed(participantId, did, revoked, 'key pair revoked');
      return toKeyPair(revoked, did);
    },

    async get(participantId, keyPairId) {
      const did = await didOf(participantId, keyPairId);
      return toKeyPair(await load(participantId, keyPairId), did);
    },

    async list(participantId, { state, offset, limit } = {}) {
      if (state !== undefined && !KEY_PAIR_STATES.includes(state)) {
        throw problems.badRequest(`state must be one of ${KEY_PAIR_STATES.join(', ')}`);
      }
      const page = await repo(checkParticipantId(participantId)).find(state ? { state } : {}, {
        ...(offset === undefined ? {} : { offset }),
        ...(limit === undefined ? {} : { limit }),
        orderBy: { createdAt: 'asc' },
      });
      const did = page.items.length ? (await dids.find(participantId))?.did : undefined;
      return { ...page, items: page.items.map((record) => toKeyPair(record, did!)) };
    },

    async sign(participantId, payload, signOptions = {}) {
      checkParticipantId(participantId);
      // A rotation between reading the active key and its secret destroys that secret; the
      // second attempt then finds the successor.
      for (let attempt = 0; attempt < 2; attempt++) {
        const key = await activeKey(participantId);
        if (!key) throw problems.conflict(`participant ${participantId} has no active key pair to sign with; create or activate one`);
        const did = (await dids.find(participantId))!.did;
        const alg = ALGORITHMS[key.algorithm].jws;
        const header = { ...signOptions.header, ...(signOptions.typ ? { typ: signOptions.typ } : {}), alg, kid: `${did}#${key.keyId}` };
        const signingInput = `${base64url(JSON.stringify(header))}.${base64url(payload)}`;
        const signature = await signingKeys.sign(participantId, key.id, key.algorithm, Buffer.from(signingInput));
        if (signature === undefined) continue;
        return `${signingInput}.${base64url(signature)}`;
      }
      throw new Error(`the private key of participant ${participantId}'s active key pair is missing from its SigningKeys`);
    },
  };
}

function base64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString('base64url');
}
