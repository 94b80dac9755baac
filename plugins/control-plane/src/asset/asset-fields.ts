import { createQueryFields } from '../management/query-fields.ts';

/**
 * Assets filter on `id` in SQL and on property keys in memory. As in EDC, a bare name is a
 * property key: `name`, `edc:name` and `properties.name` are the same field.
 */
export const assetFields = createQueryFields({
  filterColumns: ['id'],
  sortColumns: ['id', 'createdAt'],
  jsonColumns: ['properties', 'privateProperties'],
  bareColumn: 'properties',
});
