/** Runs the example host on HOST_PORT (default 3000) until SIGINT or SIGTERM. */
import { createHost } from './host.ts';

const port = Number(process.env.HOST_PORT ?? 3000);
const { app, tdss } = await createHost({ publicUrl: `http://127.0.0.1:${port}` });
await tdss.start();
const server = app.listen(port, '127.0.0.1', () => {
  process.stderr.write(`host on http://127.0.0.1:${port}/ with TDSS under /tdss\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void tdss.stop();
  });
}
