/**
 * Run by the crash test as a child process: `node negotiation-worker.ts <json>` with `{ url, port,
 * dataDir, contractNegotiation }`. Starts a negotiation runtime on that PostgreSQL database and
 * port, and prints `ready` once it serves; it runs until it is killed.
 */
import { createRuntime } from '@tdss/kernel';
import { negotiationPlugins } from './negotiation-test-kit.ts';

const { url, port, dataDir, contractNegotiation } = JSON.parse(process.argv[2]!) as { url: string; port: number; dataDir: string; contractNegotiation: Record<string, unknown> };
const runtime = createRuntime({
  runtime: { name: 'negotiation-worker', dataDir, logLevel: 'silent' },
  plugins: negotiationPlugins({ dialect: 'postgresql', url }, { port, contractNegotiation }),
});
await runtime.start();
process.stdout.write('ready\n');
