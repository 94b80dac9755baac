export { createPostgresDatabase, postgresServerUrl } from './create-postgres-database.ts';
export { forEachDialect, type DialectSettings, type DialectTest } from './for-each-dialect.ts';
export { createTempDir } from './temp-dir.ts';
export { startTestRuntime, type TestRuntimeOptions } from './start-test-runtime.ts';
export { createLogCapture, type LogCapture } from './log-capture.ts';
export { rejectionOf } from './rejection-of.ts';
export { freePort } from './free-port.ts';
export { waitForStatus } from './wait-for-status.ts';
export { spawnCli, CLI_PATH, type CliProcess } from './run-cli.ts';
