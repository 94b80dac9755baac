/**
 * Child process of the negotiation-transfer bench: the provider's runtime of the two-runtime
 * topology, in its own process as a separate deployment would be. Prints one JSON line with its
 * API URLs once started, and stops on SIGTERM.
 */
import { HttpServer } from '@tdss/sdk';
import { startNegotiationRuntime } from './negotiation-transfer-runtime.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL;
const secret = process.env.BENCH_DEV_SECRET;
if (!databaseUrl || !secret || !process.send) throw new Error('negotiation-transfer-provider: set BENCH_DATABASE_URL and BENCH_DEV_SECRET and spawn it with an IPC channel (the bench does)');

const provider = await startNegotiationRuntime('bench-provider', databaseUrl, secret);
const server = provider.runtime.get(HttpServer);
process.once('SIGTERM', () => {
  void provider.stop().then(() => process.exit(0));
});
process.send({ management: server.url('management'), protocol: server.url('protocol') });
