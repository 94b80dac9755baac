/**
 * Services the kernel itself provides to every plugin, with no plugin to add.
 */
import type { Logger as PinoLogger } from 'pino';
import type { Registry } from 'prom-client';
import { createExtensionPoint, createServiceToken } from '../token.ts';

export type Logger = PinoLogger;

export const Logger = createServiceToken<Logger>('tdss.Logger', {
  description: 'The runtime root logger (pino); each plugin also gets a child logger named after it.',
  providedBy: ['@tdss/kernel'],
});

export type Metrics = Registry;

export const Metrics = createServiceToken<Metrics>('tdss.Metrics', {
  description: 'The Prometheus registry of this runtime (prom-client); add your own metrics to it.',
  providedBy: ['@tdss/kernel'],
});

export type RuntimeState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface RuntimeInfo {
  readonly name: string;
  /** The profile file the runtime was assembled from, when it came from a file. */
  readonly profilePath: string | undefined;
  /** The folder where embedded defaults keep their files (SQLite database, generated keys, ...). */
  readonly dataDir: string;
  readonly state: RuntimeState;
}

export const RuntimeInfo = createServiceToken<RuntimeInfo>('tdss.RuntimeInfo', {
  description: 'Name, data folder and lifecycle state of this runtime.',
  providedBy: ['@tdss/kernel'],
});

export interface HealthCheckResult {
  healthy: boolean;
  /** Shown on /health/ready; never include secrets. */
  detail?: string;
}

export interface HealthCheck {
  name: string;
  /** Checks that fail while the runtime is running turn readiness to 503. */
  check(): Promise<HealthCheckResult> | HealthCheckResult;
}

export const HealthChecks = createExtensionPoint<HealthCheck>('tdss.HealthChecks', {
  description: 'Readiness checks (database reachable, broker connected, ...) aggregated on /health/ready.',
});

export interface Health {
  /** Runs every contributed check; `ready` is true only when the runtime is running and all pass. */
  readiness(): Promise<{ ready: boolean; state: RuntimeState; checks: Array<HealthCheckResult & { name: string }> }>;
}

export const Health = createServiceToken<Health>('tdss.Health', {
  description: 'Aggregated liveness and readiness of the runtime.',
  providedBy: ['@tdss/kernel'],
});
