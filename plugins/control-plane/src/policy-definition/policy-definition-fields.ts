import { createQueryFields } from '../management/query-fields.ts';

/** Policy definitions filter on `id` in SQL and on private property keys in memory. */
export const policyDefinitionFields = createQueryFields({
  filterColumns: ['id'],
  sortColumns: ['id', 'createdAt'],
  jsonColumns: ['privateProperties'],
});
