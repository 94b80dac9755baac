/** Plugin wiring: resolver contributions, URLs the DIDs are made from, and start-up failures. */
import { TdssError } from '@tdss/sdk';
import { contributingPlugin, rejectionOf } from '@tdss/testing';
import t from 'tap';
import type { DidMethodResolver } from './resolver/did-resolver.ts';
import { DidResolvers } from './resolver/did-resolver.ts';
import { startIdentityRuntime } from './test-support/identity-runtime.ts';

const resolverPlugin = (name: string, ...resolvers: DidMethodResolver[]) => contributingPlugin(name, DidResolvers, ...resolvers);

const fixed = (method: string, marker: string): DidMethodResolver => ({ method, resolve: async (did) => ({ id: did, marker }) });

t.test('contributed resolvers add methods and replace the built-in ones', async (t) => {
  const hub = await startIdentityRuntime(t, { plugins: [resolverPlugin('test-resolvers', fixed('example', 'added'), fixed('web', 'replaced'))] });
  t.same(hub.resolver.methods(), ['example', 'key', 'web']);
  t.match(await hub.resolver.resolve('did:example:123'), { marker: 'added' });
  t.match(await hub.resolver.resolve('did:web:example.com'), { marker: 'replaced' });
  t.match(await hub.resolver.resolve('did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'), { verificationMethod: [{ type: 'JsonWebKey2020' }] });
});

t.test('two contributions for one method fail start-up, naming the method', async (t) => {
  const error = await rejectionOf<TdssError>(
    startIdentityRuntime(t, { plugins: [resolverPlugin('one', fixed('example', '1')), resolverPlugin('two', fixed('example', '2'))] }),
  );
  t.ok(error instanceof TdssError);
  t.match(error.message, 'plugin @tdss/identity-hub failed to start: [@tdss/identity-hub] two plugins contribute a DID resolver for did:example');
  t.match(error.message, 'keep one plugin that resolves did:example');
});

t.test('without open ports the DID base URL must be set, and then the runtime starts', async (t) => {
  const error = await rejectionOf<TdssError>(startIdentityRuntime(t, { http: { listen: false } }));
  t.match(error.message, /didBaseUrl "\/identity" is not an absolute URL/);
  t.match(error.message, /set didBaseUrl of @tdss\/identity-hub/);
  const credentialError = await rejectionOf<TdssError>(startIdentityRuntime(t, { http: { listen: false }, settings: { didBaseUrl: 'https://id.example.com' } }));
  t.match(credentialError.message, /credentialServiceBaseUrl "\/protocol\/dcp" is not an absolute URL/);
  const hub = await startIdentityRuntime(t, {
    http: { listen: false },
    settings: { didBaseUrl: 'https://id.example.com', credentialServiceBaseUrl: 'https://id.example.com/dcp' },
  });
  t.equal((await hub.keys.create('acme')).verificationMethodId.split('#')[0], 'did:web:id.example.com:acme');
});

t.test('a base URL that cannot form a did:web fails start-up; one that resolves only locally is a warning', async (t) => {
  const error = await rejectionOf<TdssError>(startIdentityRuntime(t, { settings: { didBaseUrl: 'https://id.example.com/a~b' } }));
  t.match(error.message, /path segment "a~b" .* cannot be part of a did:web/);
  const hub = await startIdentityRuntime(t, { settings: { didBaseUrl: 'http://id.example.com/identity' } });
  const warning = hub.logs.lines.find((line) => line.level === 40 || line.level === 'warn');
  t.match(warning, { msg: /DIDs under this base URL resolve only locally/, didBaseUrl: 'http://id.example.com/identity' });
  const quiet = await startIdentityRuntime(t);
  t.notOk(quiet.logs.lines.some((line) => /resolve only locally/.test(String(line.msg))), 'loopback is local use: no warning');
});

t.test('dataspace settings that cannot be read one way fail start-up, naming the setting', async (t) => {
  const dataspace = (name: string) => ({ name, trustedIssuers: [], requiredCredentialTypes: ['MembershipCredential'] });
  const twoDefaults = await rejectionOf<TdssError>(startIdentityRuntime(t, { settings: { dataspaces: [dataspace('a'), dataspace('b')] } }));
  t.match(twoDefaults.message, /setting dataspaces: dataspaces "a" and "b" both leave out participantContexts/);
  t.match(twoDefaults.message, /only one dataspace can be the default/);
  const badIssuer = await rejectionOf<TdssError>(
    startIdentityRuntime(t, { settings: { dataspaces: [{ ...dataspace('a'), trustedIssuers: [{ did: 'https://issuer.example', credentialTypes: ['X'] }] }] } }),
  );
  t.match(badIssuer.message, /dataspaces\[0\]\.trustedIssuers\[0\]\.did/);
  const badType = await rejectionOf<TdssError>(startIdentityRuntime(t, { settings: { dataspaces: [{ ...dataspace('a'), requiredCredentialTypes: ['a:b'] }] } }));
  t.match(badType.message, /requiredCredentialTypes/);
  const defaults = await startIdentityRuntime(t, { settings: { dataspaces: [{ name: 'minimal' } as never] } });
  t.match(defaults.logs.lines.find((line) => line.msg === 'identity hub ready'), { dataspaces: ['minimal'] }, 'trustedIssuers and requiredCredentialTypes have defaults');
});
