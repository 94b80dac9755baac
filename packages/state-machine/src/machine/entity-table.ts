import { type EntityMetadata, type EntityProperty, type EntitySchema, JsonType } from '@mikro-orm/core';
import type { Database, SqlDialect } from '@tdss/sdk';

/** An entity's table, with its rows mapped between columns and properties without the ORM. */
export interface EntityTable {
  readonly entityName: string;
  readonly table: string;
  /** The column of any property of the entity; undefined for a name that is none. */
  columnOf(property: string): string | undefined;
  /**
   * Property values as this dialect stores them in their columns (a date as timestamptz or epoch
   * milliseconds, JSON as text); throws for a name that is no property.
   */
  toColumns(data: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * A row as read (columns) as the entity's properties, as the ORM would hydrate it but without
   * its unit of work; undefined for an entity with a property this does not map (a relation, an
   * embeddable, a custom type), which the ORM must then map.
   */
  fromColumns(raw: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined;
}

/** How a scalar property's value is kept in its column. */
type Codec = 'as-is' | 'date' | 'json' | 'number' | 'boolean';

function codecOf(property: EntityProperty<any>): Codec | undefined {
  if (property.kind !== 'scalar' || property.fieldNames?.length !== 1) return undefined;
  if (property.customType) return property.customType instanceof JsonType ? 'json' : undefined;
  switch (property.runtimeType) {
    case 'Date':
      return 'date';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'as-is';
    default:
      return undefined;
  }
}

/** From the ORM's metadata of the entity, so any naming strategy is honoured. */
export function entityTable(meta: EntityMetadata<any>, db: Pick<Database, 'dialect' | 'orm'>): EntityTable {
  const dialect: SqlDialect = db.dialect;
  // As the ORM reads a date the driver left as text (PostgreSQL's timestamp and timestamptz).
  const platform = db.orm.em.getPlatform();
  const columnOf = (property: string) => (meta.properties[property]?.fieldNames?.length === 1 ? meta.properties[property].fieldNames[0] : undefined);
  const postgres = dialect === 'postgresql';
  const codecs = new Map(Object.entries(meta.properties).map(([name, property]) => [name, codecOf(property)]));
  const fields = [...codecs].map(([name, codec]) => ({ name, column: columnOf(name)!, codec }));
  const mappable = fields.every((field) => field.codec !== undefined);
  const toColumn = (codec: Codec | undefined, value: unknown) => {
    if (value === null || value === undefined) return value;
    if (value instanceof Date) return postgres ? value : value.getTime();
    if (codec === 'json' || typeof value === 'object') return JSON.stringify(value);
    if (codec === 'boolean' && !postgres) return value ? 1 : 0;
    return value;
  };
  const fromColumn = (codec: Codec, value: unknown) => {
    if (value === null || value === undefined) return null;
    switch (codec) {
      case 'date':
        if (value instanceof Date) return value;
        return typeof value === 'string' && !/^\d+$/.test(value) ? platform.parseDate(value) : new Date(Number(value));
      case 'json':
        // PostgreSQL's driver parses json and jsonb itself; SQLite keeps the text.
        return !postgres && typeof value === 'string' ? JSON.parse(value) : value;
      case 'number':
        return Number(value);
      case 'boolean':
        return Boolean(value);
      default:
        return value;
    }
  };
  return {
    entityName: meta.className,
    table: meta.tableName,
    columnOf,
    toColumns(data) {
      const columns: Record<string, unknown> = {};
      for (const [property, value] of Object.entries(data)) {
        const name = columnOf(property);
        if (!name) throw new TypeError(`${meta.className} has no property ${property}`);
        columns[name] = toColumn(codecs.get(property), value);
      }
      return columns;
    },
    fromColumns(raw) {
      if (!mappable) return undefined;
      const row: Record<string, unknown> = {};
      for (const field of fields) row[field.name] = fromColumn(field.codec!, raw[field.column]);
      return row;
    },
  };
}

/** Each database's tables by entity name: callers resolve them on hot paths (every message) and keep no copy. */
const resolved = new WeakMap<Database, Map<string, EntityTable>>();

/** The table of an entity the database knows (as contributed to DatabaseSchemas); throws for one it does not. */
export function resolveEntityTable(db: Database, entity: EntitySchema<any, any>): EntityTable {
  const name = entity.meta.className;
  let tables = resolved.get(db);
  if (!tables) resolved.set(db, (tables = new Map()));
  const known = tables.get(name);
  if (known) return known;
  const meta = [...db.orm.getMetadata()].find((candidate) => candidate.className === name) as EntityMetadata<any> | undefined;
  if (!meta) throw new TypeError(`the database does not know entity ${name}`);
  const table = entityTable(meta, db);
  tables.set(name, table);
  return table;
}
