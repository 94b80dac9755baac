import { assetFields } from '../asset/asset-fields.ts';
import { readCriteria } from '../management/criterion.ts';
import { readEdcDocument } from '../management/read-edc-document.ts';
import { checkMembers, readFreeForm, readId } from '../management/read-management-input.ts';
import { createValidationIssues } from '../management/validation-issues.ts';
import type { ContractDefinitionInput } from './contract-definition.ts';

/**
 * Validates a contract definition body (plain JSON, or JSON-LD compacted by read-json-ld-body.ts); throws a 400 problem naming
 * every invalid member. Whether the policies exist is checked when it is stored.
 */
export function readContractDefinitionInput(body: unknown): ContractDefinitionInput {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, 'ContractDefinition');
  if (!doc) throw issues.toProblem('contract definition');
  checkMembers(doc, ['accessPolicyId', 'contractPolicyId', 'assetsSelector', 'privateProperties'], issues);
  const id = readId(doc, issues);
  const policyId = (key: 'accessPolicyId' | 'contractPolicyId'): string => {
    const field = doc.fields.get(key);
    if (typeof field?.value === 'string' && field.value.length > 0) return field.value;
    issues.add(field?.path ?? key, 'required: the id of a policy definition of this participant context');
    return '';
  };
  const accessPolicyId = policyId('accessPolicyId');
  const contractPolicyId = policyId('contractPolicyId');
  const selector = doc.fields.get('assetsSelector');
  const assetsSelector = selector === undefined ? [] : readCriteria(selector.value, selector.path, assetFields, issues);
  const privateProperties = readFreeForm(doc, 'privateProperties', issues);
  issues.throwIfAny('contract definition');
  return { ...(id === undefined ? {} : { id }), accessPolicyId, contractPolicyId, assetsSelector, privateProperties };
}
