/**
 * Applies a settings schema's defaults and reports every violation as an Issue that names the
 * key path, what was expected and what was found.
 */
import type { TSchema } from 'typebox';
import { Settings } from 'typebox/system';
import Value from 'typebox/value';
import { closeObjects } from './close-objects.ts';
import { closestName } from './closest-name.ts';
import { describeValue } from './describe-value.ts';
import type { Issue, KeyPath } from './issue.ts';

export interface SettingsResult<T> {
  value: T;
  issues: Issue[];
}

interface ValueError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

const closedSchemas = new WeakMap<object, TSchema>();

/**
 * TypeBox keeps 8 errors by default, yet one bad value for a union of 7 literals alone yields 8:
 * the union's own error and every later problem were lost. A profile is the operator's own
 * bounded file, so collect far more.
 */
const MAX_ERRORS = 1_000;

/** The schema the kernel validates with: the plugin's, with unknown keys refused. */
export function strictSchema(schema: TSchema): TSchema {
  let closed = closedSchemas.get(schema);
  if (!closed) {
    closed = closeObjects(schema);
    closedSchemas.set(schema, closed);
  }
  return closed;
}

export function validateSettings<T>(schema: TSchema | undefined, raw: unknown, at: KeyPath): SettingsResult<T> {
  const input = raw === null || raw === undefined ? {} : structuredClone(raw);
  if (!schema) {
    const empty = typeof input === 'object' && !Array.isArray(input) && Object.keys(input as object).length === 0;
    return {
      value: {} as T,
      issues: empty ? [] : [{ path: at, message: `this plugin takes no settings, found ${describeValue(raw)}` }],
    };
  }
  const strict = strictSchema(schema);
  // Defaults come from the TypeBox schema itself: its clone is plain JSON Schema, good for
  // validation but not for TypeBox's default pass.
  const value = Value.Default(schema, input) as T;
  return { value, issues: toIssues(collectErrors(strict, value), strict, value, at) };
}

function collectErrors(schema: TSchema, value: unknown): ValueError[] {
  // The limit is process-wide, so it is raised only for this synchronous call.
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: Math.max(previous, MAX_ERRORS) });
  try {
    return [...Value.Errors(schema, value)] as ValueError[];
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

function toIssues(errors: ValueError[], schema: TSchema, value: unknown, at: KeyPath): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  // A union reports each branch's failure, down to the branch's own keys, and then its own;
  // the union's error says it all.
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const inUnion = (error: ValueError) =>
    unions.some(
      (u) =>
        error.schemaPath.startsWith(`${u.schemaPath}/anyOf/`) &&
        (error.instancePath === u.instancePath || error.instancePath.startsWith(`${u.instancePath}/`)),
    );
  for (const error of errors) {
    // `additionalProperties: false` also yields a `boolean` error per key; the keyword error says it better.
    if (error.keyword === 'boolean') continue;
    if (inUnion(error)) continue;
    for (const issue of describeError(error, schema, value, at)) {
      const id = `${issue.path.join('\u0000')}|${issue.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        issues.push(issue);
      }
    }
  }
  return issues;
}

function describeError(error: ValueError, schema: TSchema, root: unknown, at: KeyPath): Issue[] {
  const relative = pointerToPath(error.instancePath);
  const path = [...at, ...relative];
  const found = valueAt(root, relative);
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params.requiredProperties as string[] | undefined) ?? [];
      return missing
        .filter((key) => (found as Record<string, unknown> | undefined)?.[key] === undefined)
        .map((key) => {
          const sub = subSchema(schema, error.schemaPath)?.properties?.[key];
          return {
            path: [...path, key],
            message: `required setting is missing${sub ? `; expected ${expectedOf(sub)}` : ''}`,
            ...(sub?.description ? { hint: sub.description } : {}),
          };
        });
    }
    case 'additionalProperties': {
      const node = subSchema(schema, error.schemaPath);
      // A map whose extra keys must match a schema reports the bad values at their own paths.
      if (node?.additionalProperties !== false) return [];
      const unknown = (error.params.additionalProperties as string[] | undefined) ?? [];
      const known = Object.keys(node.properties ?? {});
      return unknown.map((key) => {
        const suggestion = closestName(key, known);
        return {
          path: [...path, key],
          message: `unknown setting, found ${describeValue((found as Record<string, unknown>)[key])}`,
          hint: suggestion
            ? `did you mean "${suggestion}"?`
            : known.length
              ? `known settings here: ${known.join(', ')}`
              : 'this object takes no settings',
        };
      });
    }
    default: {
      const sub = subSchema(schema, error.schemaPath);
      const expected = sub ? expectedOf(sub, error) : error.message;
      return [{ path, message: `expected ${expected}, found ${describeValue(found)}` }];
    }
  }
}

interface SchemaNode {
  type?: string | string[];
  additionalProperties?: boolean | SchemaNode;
  properties?: Record<string, SchemaNode>;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: SchemaNode;
}

function expectedOf(node: SchemaNode, error?: ValueError): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (node.anyOf) return node.anyOf.map((n) => expectedOf(n)).join(' or ');
  // Union branches are often objects told apart by a constant field: name it, or they all read "object".
  const tags = Object.entries(node.properties ?? {}).filter(([, p]) => p.const !== undefined);
  if (tags.length) return `object with ${tags.map(([key, p]) => `${key} ${JSON.stringify(p.const)}`).join(', ')}`;
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'a value');
  const bounds: string[] = [];
  if (node.minimum !== undefined) bounds.push(`>= ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) bounds.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined) bounds.push(`<= ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) bounds.push(`< ${node.exclusiveMaximum}`);
  if (node.minLength !== undefined) bounds.push(`at least ${node.minLength} characters`);
  if (node.maxLength !== undefined) bounds.push(`at most ${node.maxLength} characters`);
  if (node.pattern !== undefined) bounds.push(`matching /${node.pattern}/`);
  if (node.format !== undefined) bounds.push(`in ${node.format} format`);
  if (error && !['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format', 'enum', 'const', 'anyOf'].includes(error.keyword)) {
    bounds.push(`(${error.message})`);
  }
  return bounds.length ? `${type} ${bounds.join(', ')}` : type;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
  let node: unknown = root;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

function subSchema(schema: TSchema, schemaPath: string): SchemaNode | undefined {
  const parts = schemaPath.replace(/^#/, '').split('/').filter(Boolean);
  let node: unknown = schema;
  for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as SchemaNode | undefined;
}
