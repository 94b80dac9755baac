import { defineEntity, p } from '@mikro-orm/core';
import { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { JobNote, startJobsRuntime } from '../fixtures/jobs-plugin.ts';
import { createStateMachine } from './create-state-machine.ts';

forEachDialect(t, 'a machine refuses an entity without the engine properties, or one the database does not know', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const base = { name: 'broken', db: runtime.get(Database), logger: runtime.logger, processors: {} };
  const Bare = defineEntity({ name: 'TestBare', tableName: 'test_bare', properties: { id: p.string().primary(), tenantId: p.string() } });
  t.throws(() => createStateMachine({ ...base, entity: Bare as never }), { code: 'STATE_MACHINE_ENTITY', message: /database does not know/ });
  t.throws(() => createStateMachine({ ...base, entity: JobNote as never }), {
    code: 'STATE_MACHINE_ENTITY',
    message: /entity TestJobNote lacks state, stateCount, stateTimestamp, nextAttemptAt, leaseOwner, leaseExpiresAt, version/,
  });
});
