/**
 * Typed identifiers for what plugins provide and consume. Both kinds carry a human name and a
 * description so that every kernel error and `tdss plugins` listing can talk about them.
 */

export interface ServiceToken<T> {
  readonly kind: 'service';
  /** The inversify service identifier. `Symbol.for` keeps it stable across duplicate SDK copies. */
  readonly id: symbol;
  readonly name: string;
  readonly description: string;
  /** Packages known to provide this service; the kernel names them when no provider is present. */
  readonly providedBy: readonly string[];
  /** Phantom field that carries the service type; never set at run time. */
  readonly __type?: T;
}

/** A token many plugins contribute to (HTTP routes, entities, policy functions, ...). */
export interface ExtensionPoint<T> {
  readonly kind: 'extension';
  readonly id: symbol;
  readonly name: string;
  readonly description: string;
  readonly __type?: T;
}

export type AnyServiceToken = ServiceToken<unknown>;
export type AnyExtensionPoint = ExtensionPoint<unknown>;

export interface ServiceTokenOptions {
  description: string;
  providedBy?: readonly string[];
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*(\.[A-Za-z][A-Za-z0-9-]*)+$/;

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new TypeError(
      `Token name "${name}" must be dotted with a namespace first, for example "tdss.SecretStore" or "acme.Billing".`,
    );
  }
}

export function createServiceToken<T>(name: string, options: ServiceTokenOptions): ServiceToken<T> {
  checkName(name);
  return Object.freeze({
    kind: 'service',
    id: Symbol.for(`tdss.service:${name}`),
    name,
    description: options.description,
    providedBy: Object.freeze([...(options.providedBy ?? [])]),
  });
}

export function createExtensionPoint<T>(name: string, options: { description: string }): ExtensionPoint<T> {
  checkName(name);
  return Object.freeze({
    kind: 'extension',
    id: Symbol.for(`tdss.extension:${name}`),
    name,
    description: options.description,
  });
}
