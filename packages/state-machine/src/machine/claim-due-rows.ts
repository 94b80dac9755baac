import type { Database } from '@tdss/sdk';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import type { MachineTable } from './machine-table.ts';

/** A row this machine instance holds the lease of, at the version the claim wrote. */
export interface Claim {
  id: string;
  version: number;
  /** The whole row as the claim wrote it (columns, not yet properties), so that it need not be read again. */
  raw?: Record<string, unknown>;
  /** Instead of `raw`, the row itself, when this instance wrote all of it (`insert` with `claim`). */
  row?: StateMachineRow;
}

export interface ClaimerOptions {
  db: Database;
  table: MachineTable;
  /** States that have a processor: only those are ever due. */
  states: readonly string[];
  owner: string;
  leaseMs: number;
}

export interface Claimer {
  /** Claims up to `limit` due rows, the longest-waiting first. */
  batch(limit: number): Promise<Claim[]>;
  /** Claims one row when it is due and free. */
  one(id: string): Promise<Claim | undefined>;
}

/**
 * Claiming writes the lease and increases the version, so whoever held the row before (a replica
 * that stalled past its lease) can no longer write it. A row is due when its state has a
 * processor, its `next_attempt_at` has passed, and no live lease holds it.
 */
export function createClaimer({ db, table, states, owner, leaseMs }: ClaimerOptions): Claimer {
  const c = table.column;
  // MikroORM keeps a `datetime` as timestamptz on PostgreSQL and as epoch milliseconds on SQLite.
  const time = (ms: number) => (db.dialect === 'postgresql' ? new Date(ms) : ms);
  const due = (now: number) => (eb: ExpressionBuilder<any, any>) =>
    eb.and([
      eb(c.nextAttemptAt, '<=', time(now)),
      eb(c.state, 'in', [...states]),
      eb.or([eb(c.leaseOwner, 'is', null), eb(c.leaseExpiresAt, '<=', time(now))]),
    ]);
  const lease = (now: number) => ({
    [c.leaseOwner]: owner,
    [c.leaseExpiresAt]: time(now + leaseMs),
    [c.version]: sql`${sql.ref(c.version)} + 1`,
  });
  const claimed = (rows: Array<Record<string, unknown>>): Claim[] =>
    rows.map((row) => ({ id: String(row[c.id]), version: Number(row[c.version]), raw: row }));
  const oldestFirst = (k: Kysely<any>, now: number, limit: number) =>
    k.selectFrom(table.table).select(c.id).where(due(now)).orderBy(c.nextAttemptAt).limit(limit);

  return {
    async batch(limit) {
      const now = Date.now();
      if (db.dialect === 'postgresql') {
        // SKIP LOCKED lets replicas sweeping at the same moment take different rows instead of
        // queueing on the same first batch; the lease is written before the row locks go.
        return db.transactional(async (em) => {
          const k = db.kysely(em);
          const ids = await oldestFirst(k, now, limit).forUpdate().skipLocked().execute();
          if (ids.length === 0) return [];
          const rows = await k
            .updateTable(table.table)
            .set(lease(now))
            .where(
              c.id,
              'in',
              ids.map((row) => row[c.id]),
            )
            .returningAll()
            .execute();
          return claimed(rows);
        });
      }
      // SQLite has one writer at a time: one conditional UPDATE is atomic on its own.
      const k = db.kysely();
      const rows = await k
        .updateTable(table.table)
        .set(lease(now))
        .where(c.id, 'in', oldestFirst(k, now, limit))
        .returningAll()
        .execute();
      return claimed(rows);
    },
    async one(id) {
      const now = Date.now();
      // A concurrent claim of the same row waits for this one's row lock, then finds the lease
      // taken when PostgreSQL re-checks the condition, and updates nothing.
      const rows = await db
        .kysely()
        .updateTable(table.table)
        .set(lease(now))
        .where(c.id, '=', id)
        .where(due(now))
        .returningAll()
        .execute();
      return claimed(rows)[0];
    },
  };
}
