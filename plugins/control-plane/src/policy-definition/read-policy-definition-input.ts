import { readEdcDocument } from '../management/read-edc-document.ts';
import { checkMembers, readFreeForm, readId } from '../management/read-management-input.ts';
import { createValidationIssues } from '../management/validation-issues.ts';
import type { PolicyDefinitionInput } from './policy-definition.ts';
import { validatePolicy } from './validate-policy.ts';

/**
 * Validates a policy definition body (plain JSON, or JSON-LD compacted by read-json-ld-body.ts);
 * throws a 400 problem naming every invalid member. The policy's keys are ODRL's, not EDC's, so
 * they are kept as they are.
 */
export function readPolicyDefinitionInput(body: unknown): PolicyDefinitionInput {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, 'PolicyDefinition');
  if (!doc) throw issues.toProblem('policy definition');
  checkMembers(doc, ['policy', 'privateProperties'], issues);
  const id = readId(doc, issues);
  const privateProperties = readFreeForm(doc, 'privateProperties', issues);
  const policy = doc.fields.get('policy');
  validatePolicy(policy?.value, policy?.path ?? 'policy', issues);
  issues.throwIfAny('policy definition');
  return { ...(id === undefined ? {} : { id }), policy: policy!.value as Record<string, unknown>, privateProperties };
}
