import { createServer } from 'node:http';
import { freePort } from '@tdss/testing';
import t from 'tap';
import { startDidRelationshipsProxy, withRelationships } from './dcp-did-relationships-proxy.ts';

const KIT_DOCUMENT = { id: 'did:web:127.0.0.1%3A1:holder', verificationMethod: [{ id: 'did:web:127.0.0.1%3A1:holder#k1', type: 'JsonWebKey2020' }] };

t.test('a document without relationships gets each key under the three the DCP kit 1.0.0 lists', async (t) => {
  const ids = ['did:web:127.0.0.1%3A1:holder#k1'];
  t.same(withRelationships(KIT_DOCUMENT), { ...KIT_DOCUMENT, authentication: ids, assertionMethod: ids, capabilityInvocation: ids });
  const restricted = { ...KIT_DOCUMENT, keyAgreement: ids };
  t.equal(withRelationships(restricted), restricted, 'a document that lists any relationship is left as it is');
});

t.test('the proxy forwards to the kit and rewrites only did.json', async (t) => {
  const kitPort = await freePort();
  const kit = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/holder/did.json') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(KIT_DOCUMENT));
      else response.writeHead(201, { location: '/x' }).end(`${request.method} ${request.url} ${request.headers.authorization} ${body}`);
    });
  });
  await new Promise<void>((resolve) => kit.listen(kitPort, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => kit.close(() => resolve())));
  const port = await freePort();
  const proxy = await startDidRelationshipsProxy(port, kitPort);
  t.teardown(() => proxy.close());

  const document = (await (await fetch(`http://127.0.0.1:${port}/holder/did.json`)).json()) as Record<string, unknown>;
  t.same(document.capabilityInvocation, ['did:web:127.0.0.1%3A1:holder#k1']);
  const posted = await fetch(`http://127.0.0.1:${port}/credentials`, { method: 'POST', headers: { authorization: 'Bearer x' }, body: '{"a":1}' });
  t.equal(posted.status, 201);
  t.equal(posted.headers.get('location'), '/x');
  t.equal(await posted.text(), 'POST /credentials Bearer x {"a":1}', 'method, path, headers and body reach the kit unchanged');
});
