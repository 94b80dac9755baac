import type { AnyPlugin } from '@tdss/sdk';
import type { KeyPath } from '../settings/issue.ts';

/** A plugin as a profile (or an embedding host) asks for it, before validation. */
export interface PluginEntry {
  plugin: AnyPlugin;
  /** Raw settings from the profile. */
  settings?: unknown;
  /** Where the entry's settings sit in the profile, for error messages. */
  path?: KeyPath;
}
