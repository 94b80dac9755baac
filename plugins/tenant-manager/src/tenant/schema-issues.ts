/** TypeBox checks of request parts, as the issues a 400 problem lists: each names its field. */
import type { TSchema } from '@tdss/sdk';
import Value from 'typebox/value';

export interface Issue {
  /** Dotted, from the request body's root, e.g. `settings.dataspaces.0`. */
  path: string;
  problem: string;
}

export function schemaIssues(schema: TSchema, value: unknown, at: string): Issue[] {
  if (Value.Check(schema, value)) return [];
  const join = (...parts: string[]) => parts.filter(Boolean).join('.');
  return Value.Errors(schema, value).flatMap((error): Issue[] => {
    const path = join(at, ...error.instancePath.split('/'));
    // TypeBox reports an unknown member twice: as a false schema at its path, and by name at its object.
    if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) return [];
    if (error.keyword === 'additionalProperties') {
      return (error.params as { additionalProperties: string[] }).additionalProperties.map((name) => ({ path: join(path, name), problem: 'unknown field' }));
    }
    if (error.keyword === 'required') {
      return (error.params as { requiredProperties: string[] }).requiredProperties.map((name) => ({ path: join(path, name), problem: 'required' }));
    }
    return [{ path, problem: error.message }];
  });
}
