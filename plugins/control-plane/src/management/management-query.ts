/**
 * A list query: EDC's QuerySpec (`POST .../request`) or the query parameters of `GET` lists,
 * read into one shape that the stores run.
 */
import { MAX_PAGE_LIMIT, readPageQuery } from '@tdss/sdk';
import { type Criterion, normalOperand, readCriteria } from './criterion.ts';
import type { QueryFields } from './query-fields.ts';
import { readEdcDocument } from './read-edc-document.ts';
import { createValidationIssues } from './validation-issues.ts';

export const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface ManagementQuery {
  /** 0 when absent. */
  offset?: number;
  /** 50 when absent, at most 500. */
  limit?: number;
  /** All must hold. */
  filter?: readonly Criterion[];
  /** Oldest first (then by id) when absent. */
  sortField?: string;
  sortOrder?: SortOrder;
}

const QUERY_SPEC_MEMBERS = ['offset', 'limit', 'sortOrder', 'sortField', 'filterExpression'];

/** Reads a QuerySpec body (plain, or JSON-LD after read-json-ld-body.ts); none is the first page of everything. */
export function readQuerySpec(body: unknown, fields: QueryFields): ManagementQuery {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body ?? {}, issues, 'QuerySpec');
  const query: ManagementQuery = {};
  if (doc) {
    for (const [key, { value, path }] of doc.fields) {
      if (!QUERY_SPEC_MEMBERS.includes(key)) {
        issues.add(path, `unknown member; a QuerySpec has ${QUERY_SPEC_MEMBERS.join(', ')}`);
      } else if (key === 'offset' || key === 'limit') {
        const [min, max] = key === 'offset' ? [0, Number.MAX_SAFE_INTEGER] : [1, MAX_PAGE_LIMIT];
        if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) issues.add(path, `must be an integer from ${min} to ${max}`);
        else query[key] = value as number;
      } else if (key === 'sortOrder') {
        const order = typeof value === 'string' ? value.toUpperCase() : undefined;
        if (order !== 'ASC' && order !== 'DESC') issues.add(path, 'must be ASC or DESC');
        else query.sortOrder = order;
      } else if (key === 'sortField') {
        if (typeof value !== 'string' || value.length === 0) issues.add(path, 'must be the name of a field');
        else {
          query.sortField = normalOperand(value);
          if (!fields.resolveSort(query.sortField)) issues.add(path, `cannot sort by ${JSON.stringify(value)}; use ${fields.sortHelp}`);
        }
      } else {
        query.filter = readCriteria(value, path, fields, issues);
      }
    }
  }
  issues.throwIfAny('QuerySpec');
  return query;
}

export interface ListParameters {
  /** Query parameters that filter by equality on a field of the same name, e.g. `id`. */
  filters: readonly string[];
  /** Prefixes of parameters that filter on a key of a JSON column, e.g. `properties.`. */
  filterPrefixes?: readonly string[];
}

/** Reads `offset`, `limit` and equality filters from the query string of a `GET` list. */
export function readListQuery(query: Record<string, string | string[] | undefined>, parameters: ListParameters): ManagementQuery {
  const prefixed = (name: string) => (parameters.filterPrefixes ?? []).some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
  const page = readPageQuery(query, { filters: [...parameters.filters, ...Object.keys(query).filter(prefixed)] });
  const filter = Object.entries(page.filters).map(([name, value]): Criterion => ({
    operandLeft: normalOperand(name),
    operator: '=',
    operandRight: value,
  }));
  return { offset: page.offset, limit: page.limit, filter };
}
