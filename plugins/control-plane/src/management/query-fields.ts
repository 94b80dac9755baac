/**
 * What a list can be filtered and sorted by. Top-level columns (ids, policy references) filter
 * and sort in SQL; keys inside JSON columns (`properties.name`) are matched in memory after the
 * tenant-scoped SQL query, which works the same on PostgreSQL and SQLite (see run-query.ts).
 */
export type QueryField = { kind: 'column'; name: string } | { kind: 'json'; column: string; key: string };

export interface QueryFieldsSpec {
  /** Text columns that filters may name, e.g. `id`. */
  filterColumns: readonly string[];
  /** Columns a list may be sorted by, e.g. `id`, `createdAt`. */
  sortColumns: readonly string[];
  /** JSON object columns whose keys filters and sorts may name as `<column>.<key>`. */
  jsonColumns: readonly string[];
  /** The JSON column a bare name refers to (assets: `properties`, as in EDC). */
  bareColumn?: string;
}

export interface QueryFields {
  resolveFilter(operandLeft: string): QueryField | undefined;
  resolveSort(sortField: string): QueryField | undefined;
  /** For error messages: which names a filter may use. */
  readonly filterHelp: string;
  readonly sortHelp: string;
}

export function createQueryFields(spec: QueryFieldsSpec): QueryFields {
  const json = (name: string): QueryField | undefined => {
    for (const column of spec.jsonColumns) {
      if (name.startsWith(`${column}.`) && name.length > column.length + 1) return { kind: 'json', column, key: name.slice(column.length + 1) };
    }
    return spec.bareColumn !== undefined && !spec.jsonColumns.includes(name) ? { kind: 'json', column: spec.bareColumn, key: name } : undefined;
  };
  const help = (columns: readonly string[]) =>
    [...columns, ...spec.jsonColumns.map((c) => `${c}.<key>`), ...(spec.bareColumn ? [`a bare <key> of ${spec.bareColumn}`] : [])].join(', ');
  return {
    resolveFilter: (name) => (spec.filterColumns.includes(name) ? { kind: 'column', name } : json(name)),
    resolveSort: (name) => (spec.sortColumns.includes(name) ? { kind: 'column', name } : json(name)),
    filterHelp: help(spec.filterColumns),
    sortHelp: help(spec.sortColumns),
  };
}

/** The value a field has in a row, for matching and sorting in memory; dates as epoch milliseconds. */
export function fieldValue(row: object, field: QueryField): unknown {
  const record = row as Record<string, unknown>;
  if (field.kind === 'column') {
    const value = record[field.name];
    return value instanceof Date ? value.getTime() : value;
  }
  const object = record[field.column];
  return typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[field.key] : undefined;
}
