/**
 * Forgets terminated tenants once their retention is over: the tenant row and its orchestration
 * history go in one transaction. Every replica sweeps; deleting what another replica deleted
 * already deletes nothing.
 */
import type { Database, Logger } from '@tdss/sdk';
import type { Workflows } from '@tdss/workflow';
import { TenantEntity } from './tenant.ts';

export interface RetentionSweeperOptions {
  db: Database;
  workflows: Workflows;
  retentionMs: number;
  intervalMs: number;
  logger: Logger;
}

const BATCH = 100;

export function createRetentionSweeper(options: RetentionSweeperOptions) {
  const { db, workflows, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  /** Resolves to the number of tenants forgotten. */
  async function sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - options.retentionMs);
    let forgotten = 0;
    for (;;) {
      const due = await db.em().find(TenantEntity, { state: 'TERMINATED', updatedAt: { $lte: cutoff } }, { fields: ['id'], limit: BATCH });
      for (const { id } of due) {
        forgotten += await db.transactional(async (em) => {
          const deleted = await em.nativeDelete(TenantEntity, { id, state: 'TERMINATED' });
          if (deleted) await workflows.forget(id, { em });
          return deleted;
        });
      }
      if (due.length < BATCH) return forgotten;
    }
  }

  const tick = () => {
    running ??= sweep()
      .then((count) => {
        if (count) logger.info({ tenants: count }, 'forgot terminated tenants whose retention is over');
        return count;
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'the retention sweep failed; the next one tries again');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    sweep: tick,
    start() {
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    /** Stops the timer and waits for a sweep under way. */
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
