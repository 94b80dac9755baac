/**
 * A profile may leave out every setting that has a default, since the kernel fills defaults in
 * before it validates. The schema an editor checks a profile with must say so, or it flags
 * profiles the kernel accepts.
 */
import { eachSchema, type JsonSchema } from '../settings/each-schema.ts';

export function defaultsOptional<T>(schema: T): T {
  const copy = structuredClone(schema) as JsonSchema;
  eachSchema(copy, (node) => {
    const properties = node.properties as Record<string, JsonSchema> | undefined;
    if (!properties || !Array.isArray(node.required)) return;
    const required = (node.required as string[]).filter((name) => properties[name]?.default === undefined);
    if (required.length) node.required = required;
    else delete node.required;
  });
  return copy as T;
}
