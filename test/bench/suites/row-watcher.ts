/**
 * Resolves when a row reaches a state, read straight from a database (another runtime's too). One
 * query per kind and tick reads every row waited on, so observing costs the database little
 * however many rows are in flight.
 */
import type pg from 'pg';

export interface RowWatcherOptions<Kind extends string, Row> {
  /** Per kind, a query of the rows whose ids are `$1` (an array); each row has `id` and `state`. */
  queries: Record<Kind, string>;
  /** Why a row can no longer reach the state waited for (e.g. `was TERMINATED: …`), or undefined. */
  failure(row: Row): string | undefined;
  timeoutMs: number;
  pollMs: number;
}

export interface RowWatcher<Kind extends string, Row> {
  until(kind: Kind, id: string, state: string): Promise<Row>;
  /** How many queries the watcher sent so far, for figures that must leave them out. */
  queries(): number;
  /** Stops polling; the pool stays the caller's. */
  stop(): Promise<void>;
}

export function createRowWatcher<Kind extends string, Row extends { id: string; state: string }>(pool: pg.Pool, options: RowWatcherOptions<Kind, Row>): RowWatcher<Kind, Row> {
  const waiting = new Map<string, { kind: Kind; state: string; deadline: number; resolve(row: Row): void; reject(error: Error): void }>();
  let stopped = false;
  let queries = 0;
  const tick = async () => {
    for (const kind of Object.keys(options.queries) as Kind[]) {
      const ids = [...waiting].filter(([, w]) => w.kind === kind).map(([id]) => id);
      if (!ids.length) continue;
      queries++;
      const { rows } = await pool.query<Row>(options.queries[kind], [ids]);
      for (const row of rows) {
        const wait = waiting.get(row.id)!;
        const failure = options.failure(row);
        if (row.state === wait.state) wait.resolve(row);
        else if (failure) wait.reject(new Error(`bench: ${kind} ${row.id} ${failure}`));
        else if (performance.now() > wait.deadline) wait.reject(new Error(`bench: ${kind} ${row.id} is still ${row.state} after ${options.timeoutMs} ms`));
        else continue;
        waiting.delete(row.id);
      }
    }
  };
  const loop = async () => {
    while (!stopped) {
      await tick().catch((error: unknown) => {
        for (const wait of waiting.values()) wait.reject(error as Error);
        waiting.clear();
      });
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  };
  const looping = loop();
  return {
    until(kind, id, state) {
      return new Promise((resolve, reject) => waiting.set(id, { kind, state, deadline: performance.now() + options.timeoutMs, resolve, reject }));
    },
    queries: () => queries,
    async stop() {
      stopped = true;
      await looping;
    },
  };
}
