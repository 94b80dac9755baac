/**
 * Merges the OpenAPI fragments contributed to one context into one OpenAPI 3.1 document
 * (without `servers`: the address is known only once the port is bound). Two
 * fragments may share a path but not a method on it, and may share a component only when they
 * define it identically: anything else is a clash the operator must hear about at start-up.
 */
import { isDeepStrictEqual } from 'node:util';
import { type OpenApiFragment, TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { PROBLEM_SCHEMA } from './problem-schema.ts';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; description?: string }>;
}

export interface DocumentInput {
  context: string;
  version: string;
  fragments: readonly OpenApiFragment[];
}

export function buildOpenApiDocument(input: DocumentInput): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const components: OpenApiDocument['components'] = { schemas: { Problem: PROBLEM_SCHEMA } };
  const tags = new Map<string, { name: string; description?: string }>();
  for (const fragment of input.fragments) {
    for (const [path, item] of Object.entries(fragment.paths)) {
      const merged = (paths[path] ??= {});
      for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
        if (method in merged && !isDeepStrictEqual(merged[method], operation)) {
          throw clash(input.context, `${method.toUpperCase()} ${path}`);
        }
        merged[method] = operation;
      }
    }
    for (const [section, entries] of Object.entries(fragment.components ?? {})) {
      const merged = (components[section] ??= {});
      for (const [name, definition] of Object.entries(entries)) {
        if (name in merged && !isDeepStrictEqual(merged[name], definition)) throw clash(input.context, `components.${section}.${name}`);
        merged[name] = definition;
      }
    }
    for (const tag of fragment.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
  }
  return {
    openapi: '3.1.0',
    info: { title: `TDSS ${input.context} API`, version: input.version },
    paths,
    components,
    ...(tags.size ? { tags: [...tags.values()] } : {}),
  };
}

function clash(context: string, what: string): TdssError {
  return new TdssError(`two OpenAPI fragments of context ${context} define ${what} differently`, {
    code: 'HTTP_OPENAPI_CLASH',
    plugin: PLUGIN_NAME,
    hint: 'each path, method and component name must be documented by one plugin only',
  });
}
