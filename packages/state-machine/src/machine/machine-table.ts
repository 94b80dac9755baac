import type { EntityMetadata, EntitySchema } from '@mikro-orm/core';
import { type Database, TdssError } from '@tdss/sdk';
import { ENGINE_PROPERTIES } from '../model/state-machine-row.ts';
import { type EntityTable, entityTable } from './entity-table.ts';

type EngineProperty = (typeof ENGINE_PROPERTIES)[number];

/** Where a machine's rows live: the table and the column of each engine property. */
export interface MachineTable extends EntityTable {
  readonly column: Readonly<Record<EngineProperty, string>>;
}

/** Reads table and column names from the ORM metadata, so any naming strategy is honoured. */
export function resolveMachineTable(db: Database, entity: EntitySchema<any, any>, machine: string): MachineTable {
  const meta = [...db.orm.getMetadata()].find((known) => known.className === entity.meta.className) as EntityMetadata<any> | undefined;
  if (!meta) {
    throw new TdssError(`state machine ${machine}: the database does not know entity ${entity.meta.className}`, {
      code: 'STATE_MACHINE_ENTITY',
      hint: 'contribute the entity to DatabaseSchemas in the register() of the plugin that owns the machine, and create the machine in start()',
    });
  }
  const missing = ENGINE_PROPERTIES.filter((name) => meta.properties[name]?.fieldNames?.length !== 1);
  if (missing.length) {
    throw new TdssError(`state machine ${machine}: entity ${meta.className} lacks ${missing.join(', ')}`, {
      code: 'STATE_MACHINE_ENTITY',
      hint: 'give the entity `id` and `tenantId` properties and spread `...stateMachineProperties()` (from @tdss/state-machine) into its properties',
    });
  }
  if (meta.primaryKeys.length !== 1 || meta.primaryKeys[0] !== 'id') {
    throw new TdssError(`state machine ${machine}: entity ${meta.className} must have \`id\` as its only primary key`, {
      code: 'STATE_MACHINE_ENTITY',
      hint: 'declare `id: p.string().primary()` and no other primary key',
    });
  }
  const column = Object.fromEntries(ENGINE_PROPERTIES.map((name) => [name, meta.properties[name]!.fieldNames[0]!])) as Record<EngineProperty, string>;
  return { ...entityTable(meta, db), column };
}
