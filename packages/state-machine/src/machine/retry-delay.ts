import type { RetrySettings } from './state-machine-settings.ts';

/**
 * The wait before the next attempt after `failures` failed attempts in a state (1 for the
 * first failure): exponential from `baseDelayMs`, capped at `maxDelayMs`, then spread by
 * `jitter` so that rows which failed together do not all come back at the same instant.
 */
export function retryDelay(retry: RetrySettings, failures: number, random: () => number = Math.random): number {
  const exponential = retry.baseDelayMs * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(retry.maxDelayMs, exponential);
  const spread = capped * retry.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(retry.maxDelayMs, capped + spread)));
}
