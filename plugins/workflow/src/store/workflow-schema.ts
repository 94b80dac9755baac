import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { addStateMachineColumns, createStateMachineIndexes } from '@tdss/state-machine';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { OrchestrationEntity } from './orchestration-entity.ts';
import { StepEntity } from './step-entity.ts';

export const RECORDS_TABLE = 'wf_step_records';

export function workflowSchema(): DatabaseSchema {
  return { plugin: PLUGIN_NAME, entities: [OrchestrationEntity, StepEntity], migrations: [{ name: '0001-create-workflow-tables', up: createTables }] };
}

async function createTables({ db, dialect }: MigrationContext): Promise<void> {
  const time = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
  const json = dialect === 'postgresql' ? 'jsonb' : 'json';
  await db.schema
    .createTable('wf_orchestrations')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('correlation_id', 'varchar(255)')
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('ending', 'varchar(32)')
    .addColumn('error', 'text')
    .addColumn('definition', json, (c) => c.notNull())
    .addColumn('input', json, (c) => c.notNull())
    .addColumn('outputs', json, (c) => c.notNull())
    .addColumn('progress', json, (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('finished_at', time)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('wf_orchestrations_tenant').on('wf_orchestrations').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('wf_orchestrations_correlation').on('wf_orchestrations').column('correlation_id').execute();
  await db.schema.createIndex('wf_orchestrations_state').on('wf_orchestrations').columns(['state', 'created_at']).execute();

  await addStateMachineColumns(
    db.schema
      .createTable('wf_steps')
      .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('orchestration_id', 'varchar(128)', (c) => c.notNull().references('wf_orchestrations.id').onDelete('cascade'))
      .addColumn('step_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('activity', 'varchar(128)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('compensation_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('started_at', time)
      .addColumn('finished_at', time)
      .addColumn('compensated_at', time),
    dialect,
  ).execute();
  await createStateMachineIndexes(db, 'wf_steps');
  await db.schema.createIndex('wf_steps_orchestration').on('wf_steps').columns(['orchestration_id', 'position']).execute();

  // What steps recorded of their effects (`ctx.once`, `ctx.record`): one value per step and name.
  await db.schema
    .createTable(RECORDS_TABLE)
    .addColumn('step_key', 'varchar(255)', (c) => c.notNull().references('wf_steps.id').onDelete('cascade'))
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${RECORDS_TABLE}_pk`, ['step_key', 'name'])
    .execute();
}
