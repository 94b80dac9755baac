import { DSP_MESSAGE_SCHEMAS, type DspMessageType } from '../model/message-types.ts';
import { specRuleProblems } from './spec-rules.ts';
import { specValidator } from './spec-schemas.ts';
import type { ValidationProblem } from './validation-problem.ts';

/** Parts of messages that have their own schema definition, and the plain-JSON version document. */
export const DSP_PART_SCHEMAS = {
  DataAddress: 'transfer/data-address-schema.json',
  Distribution: 'catalog/dataset-schema.json#/definitions/Distribution',
  DataService: 'catalog/dataset-schema.json#/definitions/DataService',
  VersionResponse: 'common/protocol-version-schema.json',
} as const;

export type DspSchemaName = DspMessageType | keyof typeof DSP_PART_SCHEMAS;

/**
 * Checks a canonical compact 2025-1 value against the spec's JSON schema for `name` (and the
 * protocol-text rules the schemas leave out). Returns every problem; an empty list means valid.
 */
export function validateDsp(name: DspSchemaName, value: unknown): ValidationProblem[] {
  const reference = name in DSP_PART_SCHEMAS
    ? DSP_PART_SCHEMAS[name as keyof typeof DSP_PART_SCHEMAS]
    : DSP_MESSAGE_SCHEMAS[name as DspMessageType];
  const validator = specValidator(reference);
  // Check runs the compiled validator; collecting errors is the slow path, needed only on failure.
  const problems = validator.Check(value)
    ? []
    : validator.Errors(value)[1].map((error) => ({ path: error.instancePath, message: error.message }));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    problems.push(...specRuleProblems(name, value as Record<string, unknown>));
  }
  return unique(problems);
}

// allOf chains in the spec schemas report the same failure once per level.
function unique(problems: ValidationProblem[]): ValidationProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
