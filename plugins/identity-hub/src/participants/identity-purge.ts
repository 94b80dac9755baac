/**
 * Forgets a participant for good (its tenant is terminated): its DID records, key pairs,
 * credentials, credential offers, the token ids it accepted, and its rows in every other table of
 * the identity hub scoped by `tenant_id` (the issuer's definitions, requests, issued credentials
 * and status lists), found in the catalog so that tables added later are purged too. Its private
 * keys and STS client secrets live in the secret store under its scope; the caller destroys that
 * scope afterwards.
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

/** Last, in this order: the DID record goes when nothing of the participant refers to it any more. */
const KNOWN_ORDER: readonly string[] = [CREDENTIAL_OFFERS_TABLE, CREDENTIALS_TABLE, USED_TOKEN_IDS_TABLE, KEY_PAIRS_TABLE, DIDS_TABLE];
const PREFIX = 'identity_hub_';

export function createIdentityPurge(options: { db: Database; forgetDid: (did: string) => void }): IdentityPurge {
  const { db } = options;
  return {
    async purge(participantId) {
      const tables = (await db.kysely().introspection.getTables())
        .filter((table) => table.name.startsWith(PREFIX) && table.columns.some((column) => column.name === 'tenant_id'))
        .map((table) => table.name)
        .sort((a, b) => KNOWN_ORDER.indexOf(a) - KNOWN_ORDER.indexOf(b) || a.localeCompare(b));
      const { purged, dids } = await db.transactional(async (em) => {
        const sql = db.kysely(em);
        const dids = (await sql.selectFrom(DIDS_TABLE).select('did').where('tenant_id', '=', participantId).execute()).map((row) => row.did as string);
        const purged: Record<string, number> = {};
        for (const table of tables) {
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
