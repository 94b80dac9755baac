/**
 * A tenant runtime in a child process, for the scale tests: `node scale-worker.ts <settings json>`
 * (`ScaleRuntimeSettings`, a `name` and a `dataDir`). Prints `ready <json>` with its management and
 * observability URLs once started, and runs until it is killed.
 */
import { createRuntime } from '@tdss/kernel';
import { HttpServer } from '@tdss/sdk';
import { type ScaleRuntimeSettings, scalePlugins } from './scale-plugins.ts';

const settings = JSON.parse(process.argv[2]!) as ScaleRuntimeSettings & { name: string; dataDir: string };
const runtime = createRuntime({
  runtime: { name: settings.name, dataDir: settings.dataDir, logLevel: 'warn' },
  plugins: scalePlugins(settings),
});
await runtime.start();
const server = runtime.get(HttpServer);
process.stdout.write(`ready ${JSON.stringify({ management: server.url('management'), observability: server.url('observability') })}\n`);
process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
