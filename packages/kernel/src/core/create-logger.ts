/**
 * Structured JSON logs (pino). Every line carries the request id and tenant id of the work it
 * belongs to, read from the request scope, and known secret-bearing fields are redacted.
 */
import { currentRequestScope, type Logger } from '@tdss/sdk';
import { pino, type DestinationStream, type LevelWithSilent } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Field names that hold secrets, redacted wherever they sit in the first three levels of a line. */
const SECRET_FIELDS = [
  'password',
  'secret',
  'token',
  'privateKey',
  'authorization',
  'cookie',
  'apiKey',
  'clientSecret',
  'accessToken',
  'refreshToken',
];

const REDACTED_PATHS = ['', '*.', '*.*.'].flatMap((prefix) => SECRET_FIELDS.map((field) => `${prefix}${field}`));

export interface LoggerOptions {
  runtime: string;
  level: LevelWithSilent;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { runtime: options.runtime },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const scope = currentRequestScope();
        if (!scope) return {};
        return scope.tenantId ? { reqId: scope.requestId, tenantId: scope.tenantId } : { reqId: scope.requestId };
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
