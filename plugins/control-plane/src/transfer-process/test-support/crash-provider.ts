/**
 * Run by the crash test as a child process:
 * `node crash-provider.ts <postgres url> <data dir> <port> <calls file>`. Starts a provider
 * runtime on the database, creates its participant context `acme` with an agreement,
 * appends each data flow start to the calls file, and prints `ready` once it serves.
 */
import { appendFileSync } from 'node:fs';
import { createRuntime } from '@tdss/kernel';
import { ContractAgreements, ParticipantContexts } from '../../tokens.ts';
import { CRASH, crashAgreement } from './crash-settings.ts';
import { PULL, recordingDataPlane, transferPlugins } from './transfer-test-kit.ts';

const [url, dataDir, port, callsFile] = process.argv.slice(2);
const plane = recordingDataPlane(PULL, 'PULL', {
  onCall: (call) => {
    if (call.method === 'start') appendFileSync(callsFile!, `start ${call.flow.id}\n`);
  },
});
const runtime = createRuntime({
  runtime: { name: 'crash-provider', dataDir: dataDir!, logLevel: 'silent' },
  plugins: transferPlugins({ store: { dialect: 'postgresql', url: url! }, dataPlanes: [plane], port: Number(port), transferProcess: CRASH.transferProcess }),
});
await runtime.start();
await runtime.get(ParticipantContexts).create({ id: CRASH.provider.context, participantId: CRASH.provider.participantId });
await runtime.get(ContractAgreements).create(CRASH.provider.context, crashAgreement());
process.stdout.write('ready\n');
