/**
 * Forgets a participant for good (its tenant is terminated): its DID records, key pairs,
 * credentials, credential offers and the token ids it accepted. Its private keys and STS client
 * secrets live in the secret store under its scope; the caller destroys that scope afterwards.
 */
import { createServiceToken, type Database } from '@tdss/sdk';
import { CREDENTIAL_OFFERS_TABLE } from '../storage/credential-offer-record.ts';
import { CREDENTIALS_TABLE } from '../storage/credential-record.ts';
import { DIDS_TABLE } from '../storage/did-record.ts';
import { KEY_PAIRS_TABLE } from '../storage/key-pair-record.ts';
import { USED_TOKEN_IDS_TABLE } from '../storage/used-token-id-record.ts';

export interface IdentityPurge {
  /**
   * Deletes every row of the participant in the identity hub's tables; its did:web then resolves
   * to nothing. Gone already is done. Returns the rows deleted per table.
   */
  purge(participantId: string): Promise<Record<string, number>>;
}

export const IdentityPurge = createServiceToken<IdentityPurge>('tdss.IdentityPurge', {
  description: 'Removes everything the identity hub keeps of a participant (DIDs, key pairs, credentials, offers, replay cache).',
  providedBy: ['@tdss/identity-hub'],
});

const TABLES = [CREDENTIAL_OFFERS_TABLE, CREDENTIALS_TABLE, USED_TOKEN_IDS_TABLE, KEY_PAIRS_TABLE, DIDS_TABLE] as const;

export function createIdentityPurge(options: { db: Database; forgetDid: (did: string) => void }): IdentityPurge {
  const { db } = options;
  return {
    async purge(participantId) {
      const { purged, dids } = await db.transactional(async (em) => {
        const sql = db.kysely(em);
        const dids = (await sql.selectFrom(DIDS_TABLE).select('did').where('tenant_id', '=', participantId).execute()).map((row) => row.did as string);
        const purged: Record<string, number> = {};
        for (const table of TABLES) {
          purged[table] = Number((await sql.deleteFrom(table).where('tenant_id', '=', participantId).executeTakeFirst()).numDeletedRows);
        }
        return { purged, dids };
      });
      // Resolved documents of its DIDs are cached: a verifier here must not accept its keys any more.
      for (const did of dids) options.forgetDid(did);
      return purged;
    },
  };
}
