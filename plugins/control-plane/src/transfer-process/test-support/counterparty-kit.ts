/**
 * Test support: a scripted DSP counterparty on loopback, as a conformance kit would be. It
 * records every message the connector under test sends it, answers a TransferRequestMessage with
 * a TransferProcess of its own pid, anything else with 200, unless a test scripts another answer;
 * and it sends DSP messages to the connector with a token the shared-secret identity accepts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import type { TransferRuntime } from './transfer-test-kit.ts';

const CONTEXT = ['https://w3id.org/dspace/2025/1/context.jsonld'];

export interface Received {
  method: string;
  path: string;
  body: Record<string, any> | undefined;
}

export type Answer = { status: number; body?: unknown } | undefined;

export interface CounterpartyKit {
  /** Its DSP base, which is also the callbackAddress it gives. */
  readonly url: string;
  readonly participantId: string;
  readonly received: Received[];
  /** Received messages of one `@type`. */
  of(type: string): Received[];
  /** The next answers to requests whose path matches; `undefined` falls back to the default answer. */
  script(path: RegExp, answer: (request: Received) => Answer | Promise<Answer>): void;
  /** Sends a DSP request to a participant context of `cut`, as this kit. */
  send(cut: TransferRuntime, participantContextId: string, audience: string, path: string, message?: Record<string, unknown>, from?: string): Promise<{ status: number; body: any }>;
}

export async function startCounterpartyKit(t: Test, participantId = 'did:web:kit.example'): Promise<CounterpartyKit> {
  const received: Received[] = [];
  const scripts: Array<{ path: RegExp; answer: (request: Received) => Answer | Promise<Answer> }> = [];
  const server = createServer(async (req, res) => {
    const text = await readText(req);
    const request: Received = { method: req.method ?? 'GET', path: req.url ?? '/', body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
    received.push(request);
    let answer: Answer;
    for (const script of scripts) if (script.path.test(request.path)) answer ??= await script.answer(request);
    answer ??= defaultAnswer(request);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())).then(() => server.closeAllConnections()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    participantId,
    received,
    of: (type) => received.filter((r) => r.body?.['@type'] === type),
    script: (path, answer) => void scripts.push({ path, answer }),
    async send(cut, participantContextId, audience, path, message, from = participantId) {
      const res = await fetch(`${cut.dspBase(participantContextId)}${path}`, {
        method: message ? 'POST' : 'GET',
        headers: { authorization: await cut.authorization(from, audience), ...(message ? { 'content-type': 'application/json' } : {}) },
        ...(message ? { body: JSON.stringify({ '@context': CONTEXT, ...message }) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

function defaultAnswer(request: Received): NonNullable<Answer> {
  if (request.method === 'POST' && request.path.endsWith('/transfers/request')) {
    return { status: 201, body: { '@context': CONTEXT, '@type': 'TransferProcess', providerPid: `urn:uuid:${randomUUID()}`, consumerPid: request.body?.consumerPid, state: 'REQUESTED' } };
  }
  return { status: 200 };
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
