/**
 * Removes a participant context and every row scoped to it. The foreign keys cascade from the
 * context row already; deleting from each of the control plane's tables by its scope column first
 * also catches tables that are not tied to the context by a key (or are added later: they are
 * found in the catalog), and counts what went.
 */
import { type Database, ProblemError } from '@tdss/sdk';

/** Children before the rows they refer to (contract definitions name policy definitions); other tables follow. */
const KNOWN_ORDER = [
  'cp_transfer_process',
  'cp_contract_negotiation',
  'cp_contract_agreement',
  'cp_contract_definition',
  'cp_policy_definition',
  'cp_asset',
];
const SCOPE_COLUMNS = ['tenant_id', 'participant_context_id'];
/** The control plane's tables, and those of Data Plane Signaling data planes (`dps_data_flow`) in the same database. */
const PREFIXES = ['cp_', 'dps_'];
const CONTEXT_TABLE = 'cp_participant_context';

/** Rows deleted per table, the context row as `cp_participant_context`; all zero when it was gone already. */
export type PurgedRows = Record<string, number>;

export async function purgeParticipantContext(db: Database, id: string): Promise<PurgedRows> {
  const scoped = (await db.kysely().introspection.getTables())
    .filter((table) => PREFIXES.some((prefix) => table.name.startsWith(prefix)) && table.name !== CONTEXT_TABLE)
    .flatMap((table) => {
      const column = table.columns.find((c) => SCOPE_COLUMNS.includes(c.name))?.name;
      return column ? [{ table: table.name, column }] : [];
    })
    .sort((a, b) => rank(a.table) - rank(b.table) || a.table.localeCompare(b.table));
  return db.transactional(async (em) => {
    const sql = db.kysely(em);
    const context = await sql.selectFrom(CONTEXT_TABLE).select('state').where('id', '=', id).executeTakeFirst();
    if (context && context.state !== 'DEACTIVATED') {
      throw new ProblemError(409, `participant context ${id} is ${context.state}; deactivate it before purging it`, { type: 'conflict' });
    }
    const purged: PurgedRows = {};
    for (const { table, column } of scoped) {
      purged[table] = Number((await sql.deleteFrom(table).where(column, '=', id).executeTakeFirst()).numDeletedRows);
    }
    purged[CONTEXT_TABLE] = Number((await sql.deleteFrom(CONTEXT_TABLE).where('id', '=', id).executeTakeFirst()).numDeletedRows);
    return purged;
  });
}

function rank(table: string): number {
  const known = KNOWN_ORDER.indexOf(table);
  return known === -1 ? -1 : known;
}
