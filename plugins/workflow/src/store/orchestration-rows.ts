import type { Database } from '@tdss/sdk';
import type { Kysely } from 'kysely';
import type { StepDefinition } from '../definition/orchestration-definition.ts';
import type { EndState, OrchestrationRow, OrchestrationState, StepPhase } from './orchestration-entity.ts';

export const ORCHESTRATIONS_TABLE = 'wf_orchestrations';

/**
 * Orchestration rows read and written with plain Kysely: the engine's hot path touches one row per
 * step outcome, and building and hydrating the same query through the ORM cost more CPU than the
 * database did. Values are stored as MikroORM stores them (JSON text on SQLite, jsonb on
 * PostgreSQL; timestamptz on PostgreSQL, epoch milliseconds on SQLite), so both read each other.
 */
export interface OrchestrationRows {
  /** The row, locked `FOR UPDATE` on PostgreSQL with `lock` (inside a transaction). */
  read(k: Kysely<any>, id: string, options?: { lock?: boolean }): Promise<OrchestrationRow | undefined>;
  /** Writes the progress at the version read; false when the row moved on meanwhile. */
  writeProgress(k: Kysely<any>, row: OrchestrationRow, changes: ProgressChanges): Promise<boolean>;
}

export interface ProgressChanges {
  state: OrchestrationState;
  ending: EndState | null;
  error: string | null;
  progress: Record<string, StepPhase>;
  outputs: Record<string, unknown>;
  updatedAt: Date;
  finishedAt?: Date;
}

export function createOrchestrationRows(db: Pick<Database, 'dialect'>): OrchestrationRows {
  const postgres = db.dialect === 'postgresql';
  const time = (date: Date) => (postgres ? date : date.getTime());
  return {
    async read(k, id, { lock = false } = {}) {
      const query = k.selectFrom(ORCHESTRATIONS_TABLE).selectAll().where('id', '=', id);
      const raw = await (lock && postgres ? query.forUpdate() : query).executeTakeFirst();
      return raw ? toRow(raw) : undefined;
    },
    async writeProgress(k, row, changes) {
      const result = await k
        .updateTable(ORCHESTRATIONS_TABLE)
        .set({
          state: changes.state,
          ending: changes.ending,
          error: changes.error,
          progress: JSON.stringify(changes.progress),
          outputs: JSON.stringify(changes.outputs),
          updated_at: time(changes.updatedAt),
          ...(changes.finishedAt ? { finished_at: time(changes.finishedAt) } : {}),
          version: row.version + 1,
        })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

function toRow(raw: Record<string, unknown>): OrchestrationRow {
  return {
    id: raw.id as string,
    tenantId: raw.tenant_id as string,
    correlationId: (raw.correlation_id as string | null) ?? null,
    name: raw.name as string,
    state: raw.state as OrchestrationState,
    ending: (raw.ending as EndState | null) ?? null,
    error: (raw.error as string | null) ?? null,
    definition: json<StepDefinition[]>(raw.definition),
    input: json<Record<string, unknown>>(raw.input),
    outputs: json<Record<string, unknown>>(raw.outputs),
    progress: json<Record<string, StepPhase>>(raw.progress),
    createdAt: date(raw.created_at)!,
    updatedAt: date(raw.updated_at)!,
    finishedAt: date(raw.finished_at),
    version: Number(raw.version),
  } as OrchestrationRow;
}

/** jsonb arrives parsed from PostgreSQL, JSON text from SQLite. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && !/^\d+$/.test(value) ? value : Number(value));
}
