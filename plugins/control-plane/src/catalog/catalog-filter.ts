/**
 * The `filter` of a CatalogRequestMessage, which DSP leaves to the implementation. Ours is a list of
 * EDC Criterion objects on the public side of assets, all of which must hold:
 * `{ "https://w3id.org/edc/v0.0.1/ns/operandLeft": "name", ".../operator": "=", ".../operandRight": "x" }`.
 * The message is JSON-LD, so the keys are EDC vocabulary IRIs (or terms an inline context maps to
 * them): bare keys are not defined by the DSP context and are dropped when the message is read.
 * Fields: `id`, and `properties.<key>` or a bare property key. Private properties and data
 * addresses cannot be named, so a filter never tells a counterparty anything they hold.
 */
import { type Criterion, readCriteria } from '../management/criterion.ts';
import { createQueryFields } from '../management/query-fields.ts';
import { createValidationIssues } from '../management/validation-issues.ts';

export const catalogFilterFields = createQueryFields({ filterColumns: ['id'], sortColumns: [], jsonColumns: ['properties'], bareColumn: 'properties' });

/** @throws a 400 problem naming every criterion that cannot be used. */
export function readCatalogFilter(filter: readonly unknown[] | undefined): Criterion[] {
  if (!filter || filter.length === 0) return [];
  const issues = createValidationIssues();
  const criteria = readCriteria(filter, 'filter', catalogFilterFields, issues);
  issues.throwIfAny('catalog filter (a list of EDC Criterion objects whose keys are EDC vocabulary IRIs, on id and public asset properties)');
  return criteria;
}
