import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDspJsonLd } from '@tdss/json-ld';
import type { DspIdentityService } from '@tdss/sdk';
import { rejectionOf } from '@tdss/testing';
import t, { type Test } from 'tap';
import { createDspClient, DspCallError } from './dsp-client.ts';

const identity: DspIdentityService = {
  verify: async () => ({ participantId: 'x', claims: {} }),
  authorize: async ({ participantId, counterpartyId }) => `Bearer ${participantId}->${counterpartyId}`,
};
const jsonLd = createDspJsonLd();
const client = createDspClient({ identity: () => identity, jsonLd, timeoutMs: 300 });
const call = { participantContextId: 'c', participantId: 'did:web:consumer', counterpartyId: 'did:web:provider' };

async function serve(t: Test, handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('posts the message as compact 2025-1 with authorization, and reads the answer canonically', async (t) => {
  let seen: { authorization?: string; contentType?: string; body?: Record<string, unknown> } = {};
  const url = await serve(t, (req, body, res) => {
    seen = { authorization: req.headers.authorization, contentType: req.headers['content-type'], body: JSON.parse(body) };
    res.writeHead(201, { 'content-type': 'application/json' });
    // A prefixed answer: the client hands back the canonical compact form.
    res.end(JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'ContractNegotiation', 'providerPid': 'urn:p', 'consumerPid': 'urn:c', 'state': 'REQUESTED' }));
  });
  const response = await client.send({
    ...call,
    url: `${url}/negotiations/request`,
    message: { '@type': 'CatalogRequestMessage' },
  });
  t.equal(seen.authorization, 'Bearer did:web:consumer->did:web:provider');
  t.equal(seen.contentType, 'application/json');
  t.same(seen.body, { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' });
  t.equal(response.status, 201);
  t.match(response.body, { '@type': 'ContractNegotiation', providerPid: 'urn:p', state: 'REQUESTED' });
});

t.test('failures say whether a retry can help', async (t) => {
  const url = await serve(t, (req, _body, res) => {
    const status = Number(req.url!.slice(1));
    if (status === 0) return; // never answers
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: String(status) }));
  });
  for (const [status, retryable] of [[400, false], [404, false], [409, false], [429, true], [500, true], [503, true]] as const) {
    const error = await rejectionOf<DspCallError>(client.send({ ...call, url: `${url}/${status}` }));
    t.type(error, DspCallError);
    t.equal(error.status, status);
    t.equal(error.retryable, retryable, `${status}`);
    t.same(error.body, { code: String(status) });
  }
  const timeout = await rejectionOf<DspCallError>(client.send({ ...call, url: `${url}/0` }));
  t.equal(timeout.retryable, true, 'a timeout is retryable');
  const refused = await rejectionOf<DspCallError>(client.send({ ...call, url: 'http://127.0.0.1:1/x' }));
  t.equal(refused.retryable, true, 'a refused connection is retryable');
});

t.test('an answer that is not DSP JSON-LD is a final failure', async (t) => {
  const url = await serve(t, (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ '@type': 'ContractNegotiation', providerPid: 'urn:p' }));
  });
  const error = await rejectionOf<DspCallError>(client.send({ ...call, url }));
  t.equal(error.retryable, false);
  t.match(error.message, 'not valid DSP JSON-LD');
});
