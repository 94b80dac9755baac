import t from 'tap';
import { didWebFor, didWebLocation, DidWebSyntaxError } from './did-web-url.ts';

t.test('a base URL and participant id make a did:web: port as %3A, path segments joined by colons', async (t) => {
  t.equal(didWebFor('http://127.0.0.1:8080/identity', 'acme'), 'did:web:127.0.0.1%3A8080:identity:acme');
  t.equal(didWebFor('https://id.example.com', 'acme'), 'did:web:id.example.com:acme', 'the default port is left out');
  t.equal(didWebFor('https://id.example.com:443/a/b', 'acme.corp_1'), 'did:web:id.example.com:a:b:acme.corp_1', 'https on 443 is the default port');
  t.equal(didWebFor('https://ID.Example.com/x', 'p'), 'did:web:id.example.com:x:p', 'the host is lower case');
  t.throws(() => didWebFor('https://example.com/a~b', 'p'), DidWebSyntaxError, 'a segment with characters a DID does not allow');
  t.throws(() => didWebFor('http://[::1]:8080/identity', 'p'), DidWebSyntaxError, 'an IPv6 host');
});

t.test('a did:web maps to the URL of its document', async (t) => {
  const at = (did: string, httpLoopback = false) => didWebLocation(did, { httpLoopback }).url;
  t.equal(at('did:web:w3c-ccg.github.io'), 'https://w3c-ccg.github.io/.well-known/did.json', 'no path: /.well-known');
  t.equal(at('did:web:w3c-ccg.github.io:user:alice'), 'https://w3c-ccg.github.io/user/alice/did.json', 'a path: <path>/did.json');
  t.equal(at('did:web:example.com%3A3000:user:alice'), 'https://example.com:3000/user/alice/did.json', '%3A is the port colon');
  t.equal(at('did:web:127.0.0.1%3A8080:identity:acme', true), 'http://127.0.0.1:8080/identity/acme/did.json', 'loopback over http when allowed');
  t.equal(at('did:web:localhost%3A8080:x', true), 'http://localhost:8080/x/did.json');
  t.equal(at('did:web:example.com:x', true), 'https://example.com/x/did.json', 'other hosts stay on https');
  t.equal(at('did:web:example.com:a%20b'), 'https://example.com/a%20b/did.json', 'percent-encoded segments stay encoded');
});

t.test('malformed or unsafe did:web DIDs are refused', async (t) => {
  const refused = (did: string, httpLoopback = false) => t.throws(() => didWebLocation(did, { httpLoopback }), DidWebSyntaxError, did);
  refused('did:web:127.0.0.1%3A8080:identity:acme');
  refused('did:web:10.0.0.1:x', true);
  refused('did:key:z6Mk');
  refused('did:web:');
  refused('did:web:example.com:..:admin');
  refused('did:web:example.com:%2e%2e:admin');
  refused('did:web:example.com:a%2Fb');
  refused('did:web:example.com::x');
  refused('did:web:example.com%3Aport');
  refused('did:web:exa_mple.com');
  refused('did:web:example.com%3A1%3A2');
  refused('did:web:%zz');
});
