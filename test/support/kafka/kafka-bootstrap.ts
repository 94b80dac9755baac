// The broker a test talks to: KAFKA_BOOTSTRAP when the run provides one (.ci/run starts one for
// every test file), otherwise a broker of the test's own, stopped when the test ends. Without
// Java or Maven the test fails under CI=true and is skipped elsewhere.

import { spawnSync } from 'node:child_process';
import type { Test } from 'tap';
import { startKafkaBroker } from './kafka-broker.ts';

/**
 * Resolves to the broker's host:port, or to undefined when the test was skipped (then the caller
 * must return at once). Call it before any assertion, since skipping ends the test.
 */
export async function kafkaBootstrap(t: Test): Promise<string | undefined> {
  const given = process.env.KAFKA_BOOTSTRAP;
  if (given) return given;
  const missing = ['java', 'mvn'].find((command) => {
    const probe = spawnSync(command, ['-version'], { stdio: 'ignore' });
    return probe.error !== undefined || probe.status !== 0;
  });
  if (missing) {
    const message = `a Kafka broker is needed: set KAFKA_BOOTSTRAP, or install ${missing} so the test can start one (test/support/kafka)`;
    if (process.env.CI === 'true') throw new Error(message);
    t.plan(0, message);
    return undefined;
  }
  const broker = await startKafkaBroker();
  t.teardown(() => broker.stop());
  return broker.bootstrap;
}
