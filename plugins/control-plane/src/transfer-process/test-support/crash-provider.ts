/**
 * Run by the crash test as a child process:
 * `node crash-provider.ts <postgres url> <data dir> <port> <calls file>`. Starts a provider
 * runtime on the database, creates its participant context `acme` with an agreement,
 * appends each data flow call to the calls file, and prints `ready` once it serves.
 */
import { appendFileSync } from 'node:fs';
import { createRuntime } from '@tdss/kernel';
import { ContractAgreements, ParticipantContexts } from '../../tokens.ts';
import { CRASH, crashAgreement } from './crash-settings.ts';
import { PULL, recordingController, transferPlugins } from './transfer-test-kit.ts';

const [url, dataDir, port, callsFile] = process.argv.slice(2);
const recorder = recordingController(PULL, 'PULL');
const controller = {
  ...recorder,
  async start(flow: Parameters<typeof recorder.start>[0]) {
    appendFileSync(callsFile!, `start ${flow.transferProcessId}\n`);
    return recorder.start(flow);
  },
};
const runtime = createRuntime({
  runtime: { name: 'crash-provider', dataDir: dataDir!, logLevel: 'silent' },
  plugins: transferPlugins({ store: { dialect: 'postgresql', url: url! }, controllers: [controller], port: Number(port), transferProcess: CRASH.transferProcess }),
});
await runtime.start();
await runtime.get(ParticipantContexts).create({ id: CRASH.provider.context, participantId: CRASH.provider.participantId });
await runtime.get(ContractAgreements).create(CRASH.provider.context, crashAgreement());
process.stdout.write('ready\n');
