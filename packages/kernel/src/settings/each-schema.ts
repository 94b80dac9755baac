/** Visits a JSON Schema and every schema nested in it, so that schema rewrites share one walk. */
export type JsonSchema = Record<string, unknown>;

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs'] as const;
const SUBSCHEMA_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'] as const;
const SUBSCHEMA_SINGLE = ['items', 'not', 'additionalProperties', 'if', 'then', 'else'] as const;

export function eachSchema(schema: JsonSchema, visit: (node: JsonSchema) => void): void {
  if (typeof schema !== 'object' || schema === null) return;
  visit(schema);
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key] as Record<string, JsonSchema> | undefined;
    if (map) for (const sub of Object.values(map)) eachSchema(sub, visit);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) for (const sub of list) eachSchema(sub as JsonSchema, visit);
  }
  for (const key of SUBSCHEMA_SINGLE) {
    const sub = schema[key];
    if (typeof sub === 'object' && sub !== null) eachSchema(sub as JsonSchema, visit);
  }
}
