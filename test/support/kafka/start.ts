// Starts a Kafka broker that outlives this command, for a whole test run (.ci/run):
//
//   eval "$(node test/support/kafka/start.ts)"   # once ready, prints: export KAFKA_BOOTSTRAP=… KAFKA_SASL_BOOTSTRAP=…
//                                                #   KAFKA_OAUTH_BOOTSTRAP=… KAFKA_OAUTH_SIGNING_KEY=… (a test key)
//   ...
//   node test/support/kafka/stop.ts              # stops it, removes its data
//
// The broker's pid and data folder are kept in test/support/kafka/.cache/broker.json for stop.ts.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultCacheDir } from './fetch-kafka.ts';
import { startKafkaBroker } from './kafka-broker.ts';

export const stateFile = path.join(defaultCacheDir, 'broker.json');

if (import.meta.main) {
  const broker = await startKafkaBroker({ detached: true });
  await mkdir(defaultCacheDir, { recursive: true });
  await writeFile(stateFile, `${JSON.stringify({ pid: broker.pid, bootstrap: broker.bootstrap, saslBootstrap: broker.saslBootstrap, dataDir: broker.dataDir })}\n`);
  process.stderr.write(`kafka ${broker.version} (KRaft) ready on ${broker.bootstrap}, pid ${broker.pid}, log ${path.join(broker.dataDir, 'broker.log')}\n`);
  const signingKey = `'${JSON.stringify(broker.oauth.signingKey)}'`;
  process.stdout.write(`export KAFKA_BOOTSTRAP=${broker.bootstrap} KAFKA_SASL_BOOTSTRAP=${broker.saslBootstrap} KAFKA_OAUTH_BOOTSTRAP=${broker.oauth.bootstrap} KAFKA_OAUTH_SIGNING_KEY=${signingKey}\n`);
}
