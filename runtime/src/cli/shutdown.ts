/**
 * Graceful shutdown on SIGTERM and SIGINT: stop the runtime (plugins in reverse order) within its
 * shutdown timeout; a second signal or the timeout ends the process at once.
 */
import type { Runtime } from '@tdss/kernel';

export function stopOnSignals(runtime: Runtime, exit: (code: number) => void): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        runtime.logger.warn({ signal }, 'second signal: exiting without waiting for plugins to stop');
        exit(130);
        return;
      }
      stopping = true;
      runtime.logger.info({ signal, timeoutMs: runtime.shutdownTimeoutMs }, 'stopping');
      const timer = setTimeout(() => {
        runtime.logger.error({ timeoutMs: runtime.shutdownTimeoutMs }, 'plugins did not stop in time: exiting anyway');
        exit(1);
      }, runtime.shutdownTimeoutMs);
      timer.unref();
      runtime.stop().then(
        () => {
          clearTimeout(timer);
          resolve(0);
        },
        (error: unknown) => {
          runtime.logger.error({ err: error }, 'stop failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
