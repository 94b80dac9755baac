import type { HealthCheck } from '@tdss/sdk';
import type { SqlOrm } from './orm/create-orm.ts';

/** Readiness of the database: a trivial query (`select 1`) answers. */
export function createHealthCheck(orm: SqlOrm): HealthCheck {
  return {
    name: 'database',
    async check() {
      const result = await orm.checkConnection();
      return result.ok ? { healthy: true } : { healthy: false, detail: result.reason };
    },
  };
}
