/** Test support: the consumer's HTTP endpoint of a push, keeping every batch it accepted; it can refuse the next requests. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import type { NodeValue } from '../node-value.ts';

export interface Batch {
  dataFlowId: string;
  generation: number;
  /** New whenever deliveries start (start, resume, restart, takeover); `batch` counts from 1 in it. */
  run: string;
  batch: number;
  changes: (NodeValue & { sequence: number })[];
  authorization: string | undefined;
  /** When the inbox accepted it (ms since the epoch). */
  receivedAt: number;
}

export interface Inbox {
  url: string;
  batches: Batch[];
  /** How many requests were refused (503) so far. */
  refused: number;
  /** The next `count` requests are answered `status` (503 unless given). */
  failNext(count: number, status?: number): void;
}

export async function startInbox(t: Test): Promise<Inbox> {
  let failing = 0;
  let failWith = 503;
  const inbox: Inbox = {
    url: '',
    batches: [],
    refused: 0,
    failNext(count, status = 503) {
      failing = count;
      failWith = status;
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (failing > 0) {
        failing -= 1;
        inbox.refused += 1;
        res.writeHead(failWith).end();
        return;
      }
      inbox.batches.push({ ...(JSON.parse(Buffer.concat(chunks).toString()) as Omit<Batch, 'authorization' | 'receivedAt'>), authorization: req.headers.authorization, receivedAt: Date.now() });
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  inbox.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;
  return inbox;
}
