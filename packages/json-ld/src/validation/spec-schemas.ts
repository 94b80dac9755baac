import { readFileSync } from 'node:fs';
import { Compile, type Validator } from 'typebox/schema';

export const DSP_2025_1_SCHEMA_BASE = 'https://w3id.org/dspace/2025/1/';

// src/validation/x.ts and dist/validation/x.js are both two levels below the package root.
const SCHEMAS_DIR = new URL('../../schemas/dsp-2025-1/', import.meta.url);

interface SchemaManifest {
  files: Array<{ $id: string; file: string }>;
}

let context: Record<string, Record<string, unknown>> | undefined;
const validators = new Map<string, Validator>();

/** The bundled DSP 2025-1 JSON schemas by `$id`, read once. */
export function specSchemas(): Readonly<Record<string, Record<string, unknown>>> {
  context ??= loadSchemas();
  return context;
}

/**
 * A compiled validator for a schema reference such as `transfer/data-address-schema.json` or
 * `catalog/dataset-schema.json#/definitions/Distribution`, relative to the 2025-1 base.
 */
export function specValidator(reference: string): Validator {
  let validator = validators.get(reference);
  if (!validator) {
    validator = Compile(specSchemas(), { $ref: DSP_2025_1_SCHEMA_BASE + reference });
    validators.set(reference, validator);
  }
  return validator;
}

function loadSchemas(): Record<string, Record<string, unknown>> {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', SCHEMAS_DIR), 'utf8')) as SchemaManifest;
  const schemas: Record<string, Record<string, unknown>> = {};
  for (const { $id, file } of manifest.files) {
    // Three transfer schemas write "…schema.json#definitions/X"; a JSON pointer fragment needs the
    // leading slash (the Java tooling the spec uses tolerates its absence).
    const text = readFileSync(new URL(file, SCHEMAS_DIR), 'utf8').replaceAll('.json#definitions/', '.json#/definitions/');
    schemas[$id] = JSON.parse(text) as Record<string, unknown>;
  }
  return schemas;
}
