/**
 * Settings schemas are TypeBox schemas: plain JSON Schema at run time (so the kernel validates
 * profiles and generates the profile JSON Schema from them) and a static type for the plugin.
 * Give every property a `description` and, where sensible, a `default`: both become documentation.
 */
import Type, { type Static, type TSchema, type TObject } from 'typebox';

export { Type };
export type { Static, TSchema, TObject };

/** The settings type a plugin sees for a given schema. */
export type SettingsOf<S extends TSchema | undefined> = S extends TSchema ? Static<S> : Record<string, never>;
