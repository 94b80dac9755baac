/**
 * A diagnostic for DCP kit 1.0.0-RC6, whose DID documents list `verificationMethod` but no
 * verification relationship, so DCP 1.0 verifiers refuse every token and credential its parties
 * sign (README.md, "DCP status"). Kit 1.0.0 lists each key under `authentication`,
 * `assertionMethod` and `capabilityInvocation` (dcp-tck commit e7f624c). This proxy sits at the
 * kit's callback address, forwards everything to the kit, and gives each `…/did.json` it serves
 * those three relationships where the document has none, so a run shows what fails beyond them.
 * Never part of a verdict: run-dcp prints that the proxy was used.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERIFICATION_RELATIONSHIPS } from '../../plugins/identity-hub/src/did/did-document.ts';

const RELATIONSHIPS = ['authentication', 'assertionMethod', 'capabilityInvocation'] as const;

/** The DID document with every verification method under the three relationships, unless it lists any relationship itself. */
export function withRelationships(document: Record<string, unknown>): Record<string, unknown> {
  // A document naming any of DID Core's relationships states its keys' purposes itself.
  if (VERIFICATION_RELATIONSHIPS.some((name) => name in document)) return document;
  const methods = Array.isArray(document.verificationMethod) ? document.verificationMethod : [];
  const ids = methods.map((method) => (method as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
  return { ...document, ...Object.fromEntries(RELATIONSHIPS.map((name) => [name, ids])) };
}

/** Listens on `port` (loopback) and forwards to the kit on `kitPort`. */
export async function startDidRelationshipsProxy(port: number, kitPort: number): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const forward = request(
      { host: '127.0.0.1', port: kitPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        const isDid = incoming.method === 'GET' && incoming.url?.endsWith('/did.json') && answer.statusCode === 200;
        if (!isDid) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = JSON.stringify(withRelationships(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          const { 'content-length': _length, 'transfer-encoding': _encoding, ...headers } = answer.headers;
          outgoing.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
          outgoing.end(body);
        });
      },
    );
    // The kit's server drops the connection when a handler throws (RC6 on an unknown credential format): say so.
    forward.on('error', (error) => {
      console.error(`dcp-did-relationships-proxy: ${incoming.method} ${incoming.url}: the kit answered nothing (${error.message}); 502`);
      outgoing.writeHead(502).end();
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  if ((server.address() as AddressInfo).port !== port) throw new Error('dcp-did-relationships-proxy: bound to another port');
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
