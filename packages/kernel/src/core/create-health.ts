import type { Health, HealthCheck, HealthCheckResult, RuntimeState } from '@tdss/sdk';

const CHECK_TIMEOUT_MS = 2_000;

/** Readiness: the runtime is running and every contributed check passes within its time limit. */
export function createHealth(state: () => RuntimeState, checks: () => HealthCheck[]): Health {
  return {
    async readiness() {
      const current = state();
      const results = await Promise.all(checks().map(runCheck));
      return { ready: current === 'running' && results.every((r) => r.healthy), state: current, checks: results };
    },
  };
}

async function runCheck(check: HealthCheck): Promise<HealthCheckResult & { name: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ healthy: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
    return { name: check.name, ...result };
  } catch (error) {
    return { name: check.name, healthy: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
