/**
 * Unknown keys in a profile are almost always typos, so the kernel closes every object schema
 * that does not say otherwise: a plugin opts into free-form maps with `additionalProperties` or
 * `patternProperties`.
 */
import { eachSchema, type JsonSchema } from './each-schema.ts';

export function closeObjects<T>(schema: T): T {
  const copy = structuredClone(schema) as JsonSchema;
  eachSchema(copy, (node) => {
    const isObject = node.type === 'object' || (node.properties !== undefined && node.type === undefined);
    if (isObject && node.additionalProperties === undefined && node.patternProperties === undefined) {
      node.additionalProperties = false;
    }
  });
  return copy as T;
}
