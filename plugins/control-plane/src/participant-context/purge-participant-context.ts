/**
 * Removes a participant context and every row scoped to it. The foreign keys cascade from the
 * context row already; deleting each table by `tenant_id` first, in the order the keys need, also
 * catches rows a future table forgets to tie to the context, and counts what went.
 */
import { type Database, ProblemError } from '@tdss/sdk';

/** Children before the rows they refer to: contract definitions name policy definitions. */
export const PARTICIPANT_SCOPED_TABLES = [
  'cp_transfer_process',
  'cp_contract_negotiation',
  'cp_contract_agreement',
  'cp_contract_definition',
  'cp_policy_definition',
  'cp_asset',
] as const;

/** Rows deleted per table, the context row as `cp_participant_context`; all zero when it was gone already. */
export type PurgedRows = Record<string, number>;

export async function purgeParticipantContext(db: Database, id: string): Promise<PurgedRows> {
  return db.transactional(async (em) => {
    const sql = db.kysely(em);
    const context = await sql.selectFrom('cp_participant_context').select('state').where('id', '=', id).executeTakeFirst();
    if (context && context.state !== 'DEACTIVATED') {
      throw new ProblemError(409, `participant context ${id} is ${context.state}; deactivate it before purging it`, { type: 'conflict' });
    }
    const purged: PurgedRows = {};
    for (const table of PARTICIPANT_SCOPED_TABLES) {
      const result = await sql.deleteFrom(table).where('tenant_id', '=', id).executeTakeFirst();
      purged[table] = Number(result.numDeletedRows);
    }
    const result = await sql.deleteFrom('cp_participant_context').where('id', '=', id).executeTakeFirst();
    purged.cp_participant_context = Number(result.numDeletedRows);
    return purged;
  });
}
