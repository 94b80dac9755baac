/**
 * The JSON Schema of profiles, made from the settings schemas of the plugins it knows, so that
 * an editor completes and checks a profile (`# yaml-language-server: $schema=...`).
 */
import type { AnyPlugin } from '@tdss/sdk';
import { RuntimeSettings } from '../core/runtime-settings.ts';
import { strictSchema } from '../settings/validate-settings.ts';
import { defaultsOptional } from './defaults-optional.ts';

export function profileSchema(plugins: readonly AnyPlugin[]): Record<string, unknown> {
  const pluginProperties: Record<string, unknown> = {};
  for (const plugin of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) {
    const settings = plugin.settings ? defaultsOptional(strictSchema(plugin.settings)) : { type: 'object', additionalProperties: false };
    pluginProperties[plugin.name] = {
      description: `${plugin.description ?? plugin.name} (v${plugin.version})`,
      anyOf: [settings, { type: 'null' }],
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tdss.dev/schemas/profile.json',
    title: 'TDSS runtime profile',
    description: 'Which plugins a TDSS runtime is assembled from, and their settings. Strings may use ${ENV} and ${ENV:-default}.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      runtime: defaultsOptional(strictSchema(RuntimeSettings)),
      plugins: {
        description: 'Plugins by npm package name or path (relative to the profile), each with its settings.',
        type: 'object',
        properties: pluginProperties,
        additionalProperties: { description: 'A plugin this schema does not know.', type: ['object', 'null'] },
      },
    },
    required: ['plugins'],
  };
}
