import { createQueryFields } from '../management/query-fields.ts';

/** Contract definitions filter on their id and policy ids in SQL, and on private property keys in memory. */
export const contractDefinitionFields = createQueryFields({
  filterColumns: ['id', 'accessPolicyId', 'contractPolicyId'],
  sortColumns: ['id', 'createdAt', 'accessPolicyId', 'contractPolicyId'],
  jsonColumns: ['privateProperties'],
});
