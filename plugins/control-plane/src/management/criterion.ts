/**
 * EDC's Criterion (`operandLeft operator operandRight`): the filter of a QuerySpec and the assets
 * selector of a contract definition. `like` and `ilike` take SQL LIKE patterns (`%` any run of
 * characters, `_` one character); `ilike` ignores case. `in` takes a list; one value is a list of
 * one, because JSON-LD compaction turns a one-item list into its item.
 */
import type { QueryFields } from './query-fields.ts';
import { normaliseEdcKey, normaliseEdcValue } from './read-edc-document.ts';
import { childPath, isJsonObject, type ValidationIssues } from './validation-issues.ts';

export const CRITERION_OPERATORS = ['=', '!=', 'in', 'like', 'ilike'] as const;
export type CriterionOperator = (typeof CRITERION_OPERATORS)[number];

export type Scalar = string | number | boolean;

export interface Criterion {
  /** A field: `id`, `properties.<key>` and the like (each list says which), in normal form. */
  operandLeft: string;
  operator: CriterionOperator;
  /** A list of scalars for `in`, one scalar otherwise. */
  operandRight: Scalar | Scalar[];
}

const PATH_HEADS = /^(properties|privateProperties|dataAddress)\.(.+)$/s;

/**
 * The normal form of a field name: `@id` is `id`, EDC IRIs and `edc:` names are bare, and the key
 * after `properties.` is normalised like a property key, so it names what was stored.
 */
export function normalOperand(operandLeft: string): string {
  if (operandLeft === '@id') return 'id';
  const head = PATH_HEADS.exec(normaliseEdcKey(operandLeft));
  return head ? `${head[1]}.${normaliseEdcKey(head[2]!)}` : normaliseEdcKey(operandLeft);
}

/** The values of `in`: a list, or one value standing for a list of one. */
export function asList(operandRight: Scalar | Scalar[]): Scalar[] {
  return Array.isArray(operandRight) ? operandRight : [operandRight];
}

export function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Reads one criterion or a list of them at `path`; `fields` says which operandLeft values exist. */
export function readCriteria(value: unknown, path: string, fields: QueryFields, issues: ValidationIssues): Criterion[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item, i) => {
    const itemPath = Array.isArray(value) ? childPath(path, i) : path;
    const criterion = readCriterion(normaliseEdcValue(item, itemPath, issues), itemPath, fields, issues);
    return criterion ? [criterion] : [];
  });
}

function readCriterion(value: unknown, path: string, fields: QueryFields, issues: ValidationIssues): Criterion | undefined {
  if (!isJsonObject(value)) {
    issues.add(path, 'expected a criterion object { operandLeft, operator, operandRight }');
    return undefined;
  }
  const before = issues.count;
  for (const key of Object.keys(value)) {
    if (key === '@type') {
      if (typeof value[key] !== 'string' || normaliseEdcKey(value[key]) !== 'Criterion') issues.add(childPath(path, key), 'must be Criterion');
    } else if (!['operandLeft', 'operator', 'operandRight'].includes(key)) {
      issues.add(childPath(path, key), 'unknown member; a criterion has operandLeft, operator and operandRight');
    }
  }
  const { operandLeft, operator: rawOperator, operandRight } = value;
  let left: string | undefined;
  if (typeof operandLeft !== 'string' || operandLeft.length === 0) issues.add(childPath(path, 'operandLeft'), 'required: the name of a field');
  else {
    left = normalOperand(operandLeft);
    if (!fields.resolveFilter(left)) issues.add(childPath(path, 'operandLeft'), `cannot filter on ${JSON.stringify(operandLeft)}; use ${fields.filterHelp}`);
  }
  const operator = typeof rawOperator === 'string' ? rawOperator.toLowerCase() : undefined;
  if (!CRITERION_OPERATORS.includes(operator as CriterionOperator)) {
    issues.add(childPath(path, 'operator'), `must be one of ${CRITERION_OPERATORS.join(' ')}`);
  } else if (operator === 'in') {
    if (!asList(operandRight as Scalar).every(isScalar)) issues.add(childPath(path, 'operandRight'), 'in takes a list of strings, numbers or booleans');
  } else if (!isScalar(operandRight)) {
    issues.add(childPath(path, 'operandRight'), `${operator} takes a string, number or boolean`);
  } else if ((operator === 'like' || operator === 'ilike') && typeof operandRight !== 'string') {
    issues.add(childPath(path, 'operandRight'), `${operator} takes a pattern string`);
  }
  if (issues.count > before || left === undefined) return undefined;
  const right = operandRight as Scalar | Scalar[];
  return { operandLeft: left, operator: operator as CriterionOperator, operandRight: operator === 'in' ? asList(right) : right };
}
