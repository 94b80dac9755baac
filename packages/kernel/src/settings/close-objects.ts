/**
 * Unknown keys in a profile are almost always typos, so the kernel closes every object schema
 * that does not say otherwise: a plugin opts into free-form maps with `additionalProperties` or
 * `patternProperties`.
 */
type JsonSchema = Record<string, unknown>;

const SUBSCHEMA_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'] as const;
const SUBSCHEMA_SINGLE = ['items', 'not', 'additionalProperties', 'if', 'then', 'else'] as const;

export function closeObjects<T>(schema: T): T {
  return close(structuredClone(schema) as JsonSchema) as T;
}

function close(schema: JsonSchema): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return schema;
  const isObject = schema.type === 'object' || (schema.properties !== undefined && schema.type === undefined);
  if (isObject && schema.additionalProperties === undefined && schema.patternProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const key of ['properties', 'patternProperties', '$defs'] as const) {
    const map = schema[key] as Record<string, JsonSchema> | undefined;
    if (map) for (const name of Object.keys(map)) map[name] = close(map[name]!);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key] as JsonSchema[] | undefined;
    if (Array.isArray(list)) schema[key] = list.map(close);
  }
  for (const key of SUBSCHEMA_SINGLE) {
    const sub = schema[key];
    if (typeof sub === 'object' && sub !== null) schema[key] = close(sub as JsonSchema);
  }
  return schema;
}
