// Stops the broker that start.ts left running and removes its data folder.

import { readFile, rm } from 'node:fs/promises';
import { stopKafkaBroker } from './kafka-broker.ts';
import { stateFile } from './start.ts';

const state = await readFile(stateFile, 'utf8').then((text) => JSON.parse(text) as { pid: number; dataDir: string }, () => undefined);
if (state) {
  await stopKafkaBroker(state.pid);
  await rm(state.dataDir, { recursive: true, force: true });
  await rm(stateFile, { force: true });
  process.stderr.write(`kafka broker ${state.pid} stopped\n`);
}
