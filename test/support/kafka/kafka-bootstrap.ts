// The broker a test talks to: KAFKA_BOOTSTRAP, KAFKA_SASL_BOOTSTRAP, KAFKA_OAUTH_BOOTSTRAP and
// KAFKA_OAUTH_SIGNING_KEY when the run provides them (.ci/run starts one broker for every test
// file), otherwise a broker of the test's own, stopped when the test ends. Without Java or Maven
// the test fails under CI=true and is skipped elsewhere.

import { spawnSync } from 'node:child_process';
import type { Test } from 'tap';
import { OAUTH_AUDIENCE, type OAuthListener, SASL_USER, startKafkaBroker } from './kafka-broker.ts';

export interface TestBroker {
  /** host:port, PLAINTEXT. */
  readonly bootstrap: string;
  /** host:port, SASL_PLAINTEXT with mechanism PLAIN and `user`. */
  readonly saslBootstrap: string;
  readonly user: { readonly username: string; readonly password: string };
  /** SASL_PLAINTEXT with OAUTHBEARER and ACLs: where pull consumers read with a data plane's tokens. */
  readonly oauth: OAuthListener;
}

/** The broker's PLAINTEXT host:port (see kafkaBroker). */
export async function kafkaBootstrap(t: Test): Promise<string | undefined> {
  return (await kafkaBroker(t))?.bootstrap;
}

/**
 * Resolves to the broker, or to undefined when the test was skipped (then the caller must return
 * at once). Call it before any assertion, since skipping ends the test.
 */
export async function kafkaBroker(t: Test): Promise<TestBroker | undefined> {
  const { KAFKA_BOOTSTRAP: given, KAFKA_SASL_BOOTSTRAP: givenSasl, KAFKA_OAUTH_BOOTSTRAP: givenOAuth, KAFKA_OAUTH_SIGNING_KEY: givenKey } = process.env;
  if (given && givenSasl && givenOAuth && givenKey) {
    return { bootstrap: given, saslBootstrap: givenSasl, user: SASL_USER, oauth: { bootstrap: givenOAuth, audience: OAUTH_AUDIENCE, signingKey: JSON.parse(givenKey) } };
  }
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
  return { bootstrap: broker.bootstrap, saslBootstrap: broker.saslBootstrap, user: SASL_USER, oauth: broker.oauth };
}
