/**
 * What a bench run cost the database, in figures that do not depend on how loaded the machine is:
 * SQL statements this process sent (every `pg` client's queries, less those of clients the bench
 * itself uses to watch) and the CPU time of the PostgreSQL backends serving this database, read
 * from /proc — null when the server is not on this machine (or /proc is not readable).
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';

export interface SqlCost {
  statements: number;
  backendCpuMs: number | null;
}

export interface SqlCostMeter {
  start(): Promise<void>;
  stop(): Promise<SqlCost>;
  /** Uninstalls the statement counter. */
  close(): void;
}

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS_PER_SECOND = 100;

/** `pool` (the bench's own) runs the meter's query for the backend pids; its clients' statements and CPU are not counted. */
export function createSqlCostMeter(pool: pg.Pool): SqlCostMeter {
  const own = new WeakSet<object>();
  const ownPids = new Set<number>();
  pool.on('connect', (client) => {
    own.add(client);
    // Set by pg once the backend introduced itself; not in pg's types.
    const pid = (client as pg.PoolClient & { processID?: number | null }).processID;
    if (pid) ownPids.add(pid);
  });
  const query = pg.Client.prototype.query;
  let counting = false;
  let statements = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting && !own.has(this)) statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  /** CPU ticks of every backend connected to this database but the meter's pool's own, by pid. */
  const backendTicks = async (): Promise<Map<number, number> | null> => {
    const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      if (ownPids.has(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      if (stat === undefined) return null;
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    }
    return ticks;
  };

  let before: Map<number, number> | null = null;
  return {
    async start() {
      before = await backendTicks();
      statements = 0;
      counting = true;
    },
    async stop() {
      counting = false;
      const after = await backendTicks();
      let ticks: number | null = null;
      if (before && after) {
        // A backend that connected during the run counts from zero.
        ticks = 0;
        for (const [pid, used] of after) ticks += used - (before.get(pid) ?? 0);
      }
      return { statements, backendCpuMs: ticks === null ? null : (ticks * 1000) / TICKS_PER_SECOND };
    },
    close() {
      pg.Client.prototype.query = query;
    },
  };
}
