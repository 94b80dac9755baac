import type { LogContext, LoggerNamespace, Logger as OrmLogger } from '@mikro-orm/core';
import type { Logger } from '@tdss/sdk';

/**
 * MikroORM's logger, writing to the plugin's pino logger. Parameter values are never logged:
 * they carry secrets and personal data, so the `query-params` namespace stays off whatever asks.
 */
export function createOrmLogger(logger: Logger, debugMode: boolean | LoggerNamespace[]): OrmLogger {
  let mode = debugMode;
  const isEnabled = (namespace: LoggerNamespace, context?: LogContext): boolean => {
    if (namespace === 'query-params') return false;
    if (context?.enabled !== undefined) return context.enabled;
    const active = context?.debugMode ?? mode;
    return active === true || (Array.isArray(active) && active.includes(namespace));
  };
  return {
    log(namespace, message, context) {
      if (isEnabled(namespace as LoggerNamespace, context)) logger.debug({ orm: namespace }, message);
    },
    warn(namespace, message) {
      logger.warn({ orm: namespace }, message);
    },
    error(namespace, message) {
      logger.error({ orm: namespace }, message);
    },
    logQuery(context) {
      if (!isEnabled(context.namespace ?? 'query', context)) return;
      const level = context.level === 'error' ? 'warn' : 'debug';
      logger[level]({ sql: context.query, ms: context.took, rows: context.results ?? context.affected }, 'sql');
    },
    setDebugMode(debug) {
      mode = debug;
    },
    isEnabled,
  };
}
