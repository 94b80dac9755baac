/**
 * The plugin contract. A plugin states what it provides, requires and contributes; the kernel
 * validates its settings, orders start-up from the dependency graph and hands each phase a
 * context that only reaches what the plugin declared.
 */
import type { TSchema } from 'typebox';
import type { Logger, RuntimeInfo } from './services/core.ts';
import type { SettingsOf } from './settings.ts';
import type { AnyExtensionPoint, AnyServiceToken, ExtensionPoint, ServiceToken } from './token.ts';

/** A provided service; `default: true` lets any other plugin that provides the token replace it. */
export type Provision = AnyServiceToken | { token: AnyServiceToken; default: true };

export interface PluginIdentity {
  readonly name: string;
  readonly version: string;
}

interface PhaseContext<Settings> {
  readonly plugin: PluginIdentity;
  /** Validated settings, with the schema's defaults applied. */
  readonly settings: Settings;
  /** A child logger whose lines carry `plugin: <name>`. */
  readonly logger: Logger;
  readonly runtime: RuntimeInfo;
}

export interface RegisterContext<Settings> extends PhaseContext<Settings> {
  /** Binds a service this plugin declared in `provides`. Also callable from `start`. */
  provide<T>(token: ServiceToken<T>, value: T): void;
  /** Adds a value to an extension point this plugin declared in `contributes`. */
  contribute<T>(point: ExtensionPoint<T>, value: T): void;
  /**
   * A resolver for a service declared in `requires` or `optional`, for code that runs after start
   * (request handlers contributed in register); calling it earlier throws.
   */
  lazy<T>(token: ServiceToken<T>): () => T;
  /**
   * Like `lazy`, for a service declared in `optional`: the resolver answers undefined when no plugin
   * of the profile provides it (a final answer once the runtime runs).
   */
  lazyOptional<T>(token: ServiceToken<T>): () => T | undefined;
}

export interface StartContext<Settings> extends RegisterContext<Settings> {
  /** A service declared in `requires`; its provider has started already. */
  get<T>(token: ServiceToken<T>): T;
  /** A service declared in `optional`, or undefined when no plugin of the profile provides it. */
  getOptional<T>(token: ServiceToken<T>): T | undefined;
  /** Every value contributed to an extension point, in plugin start order. */
  contributions<T>(point: ExtensionPoint<T>): T[];
}

export interface StopContext<Settings> extends PhaseContext<Settings> {
  /** Services are still reachable while stopping: dependents stop before their providers. */
  get<T>(token: ServiceToken<T>): T;
  getOptional<T>(token: ServiceToken<T>): T | undefined;
}

export interface PluginDefinition<S extends TSchema | undefined = TSchema | undefined> {
  /** The npm package name is the natural choice: errors and profiles use it. */
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** TypeBox schema of the plugin's settings; descriptions and defaults become documentation. */
  readonly settings?: S;
  readonly provides?: readonly Provision[];
  readonly requires?: readonly AnyServiceToken[];
  readonly optional?: readonly AnyServiceToken[];
  readonly contributes?: readonly AnyExtensionPoint[];
  /** Bind services and contributions; runs for every plugin before any plugin starts. */
  register?(ctx: RegisterContext<SettingsOf<S>>): void | Promise<void>;
  /** Acquire resources (connections, ports); runs in dependency order. */
  start?(ctx: StartContext<SettingsOf<S>>): void | Promise<void>;
  /**
   * Stop taking new work and let in-flight work finish (close listeners, pause consumers). Every
   * started plugin drains, in reverse start order, before any plugin stops, so work in flight can
   * still use the services of plugins that started later.
   */
  drain?(ctx: StopContext<SettingsOf<S>>): void | Promise<void>;
  /** Release them; runs in reverse start order, also when a later plugin failed to start. */
  stop?(ctx: StopContext<SettingsOf<S>>): void | Promise<void>;
}

/** Any plugin definition, whatever its settings type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlugin = PluginDefinition<any>;

const PLUGIN_MARK = Symbol.for('tdss.plugin');

/** Declares a plugin; the package default-exports the result. */
export function definePlugin<S extends TSchema | undefined = undefined>(definition: PluginDefinition<S>): PluginDefinition<S> {
  if (typeof definition.name !== 'string' || definition.name.length === 0) {
    throw new TypeError('definePlugin: `name` is required (use the npm package name).');
  }
  if (typeof definition.version !== 'string' || definition.version.length === 0) {
    throw new TypeError(`definePlugin(${definition.name}): \`version\` is required.`);
  }
  return Object.freeze({ ...definition, [PLUGIN_MARK]: true });
}

export function isPlugin(value: unknown): value is AnyPlugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_MARK] === true;
}

export function provisionToken(provision: Provision): { token: AnyServiceToken; isDefault: boolean } {
  return 'kind' in provision ? { token: provision, isDefault: false } : { token: provision.token, isDefault: true };
}
