import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { DatabaseSchema } from '@tdss/sdk';

export const GreetingEntity = defineEntity({
  name: 'Greeting',
  tableName: 'example_greeting',
  properties: {
    id: p.string().primary(),
    tenantId: p.string().index(),
    name: p.string(),
    message: p.string(),
    createdAt: p.datetime(),
  },
});

export type Greeting = InferEntity<typeof GreetingEntity>;

export function greetingSchema(plugin: string): DatabaseSchema {
  return {
    plugin,
    entities: [GreetingEntity],
    migrations: [
      {
        name: '0001-create-greeting',
        async up({ db }) {
          await db.schema
            .createTable('example_greeting')
            .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
            .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
            .addColumn('name', 'varchar(255)', (c) => c.notNull())
            .addColumn('message', 'varchar(1024)', (c) => c.notNull())
            .addColumn('created_at', 'timestamp', (c) => c.notNull())
            .execute();
          await db.schema.createIndex('example_greeting_tenant_id_index').on('example_greeting').column('tenant_id').execute();
        },
      },
    ],
  };
}
