import { validateSettings } from '@tdss/kernel';
import t from 'tap';
import { HttpSettings } from './http-settings.ts';
import { resolveContexts } from './resolve-contexts.ts';

/** Settings as the kernel hands them to the plugin: validated, defaults applied. */
function settings(raw: unknown): HttpSettings {
  const result = validateSettings<HttpSettings>(HttpSettings, raw, ['plugins', '@tdss/http']);
  if (result.issues.length) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

t.test('an empty profile entry gives every context its default', async (t) => {
  t.same(
    resolveContexts(settings({})).map((c) => [c.name, c.host, c.port, c.path, c.publicUrl, c.maxBodyBytes]),
    [
      ['management', '127.0.0.1', 8080, '/management', undefined, 1_048_576],
      ['protocol', '127.0.0.1', 8080, '/protocol', undefined, 1_048_576],
      ['signaling', '127.0.0.1', 8080, '/signaling', undefined, 1_048_576],
      ['public', '127.0.0.1', 8080, '/public', undefined, 1_048_576],
      ['identity', '127.0.0.1', 8080, '/identity', undefined, 1_048_576],
      ['observability', '127.0.0.1', 8080, '', undefined, 1_048_576],
    ],
  );
});

t.test('top-level settings apply to every context; a context overrides them', async (t) => {
  const contexts = resolveContexts(
    settings({ host: '0.0.0.0', port: 9000, maxBodyBytes: 10, contexts: { protocol: { port: 9001, path: '/dsp', maxBodyBytes: 20 }, acme: {} } }),
  );
  const byName = Object.fromEntries(contexts.map((c) => [c.name, c]));
  t.match(byName.management, { host: '0.0.0.0', port: 9000, path: '/management', maxBodyBytes: 10 });
  t.match(byName.protocol, { host: '0.0.0.0', port: 9001, path: '/dsp', maxBodyBytes: 20 });
  t.match(byName.acme, { port: 9000, path: '/acme' }, 'an added context is mounted at /<name>');
});

t.test('a public root URL gives every context its public URL, unless the context has its own', async (t) => {
  const contexts = resolveContexts(
    settings({ listen: false, publicUrl: 'https://host.example/tdss/', contexts: { protocol: { path: '/dsp' }, identity: { publicUrl: 'https://id.example/' } } }),
  );
  const byName = Object.fromEntries(contexts.map((c) => [c.name, c.publicUrl]));
  t.equal(byName.management, 'https://host.example/tdss/management');
  t.equal(byName.protocol, 'https://host.example/tdss/dsp', 'follows a moved context path');
  t.equal(byName.observability, 'https://host.example/tdss', 'the root context is the root URL');
  t.equal(byName.identity, 'https://id.example', 'a context keeps its own public URL');
  t.throws(() => settings({ publicUrl: 'host.example' }), /publicUrl.*expected string matching/);
});

t.test('the kernel refuses bad context settings with the key path', async (t) => {
  const issues = (raw: unknown) => validateSettings(HttpSettings, raw, ['http']).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  t.match(issues({ contexts: { management: { path: '/management/' } } }), [/^http\.contexts\.management\.path: expected string matching/]);
  t.match(issues({ contexts: { management: { prot: 1 } } }), [/^http\.contexts\.management\.prot: unknown setting/]);
  t.match(issues({ contexts: { Billing: {} } }), [/^http\.contexts\.Billing: unknown setting/]);
  t.match(issues({ contexts: { billing: { publicUrl: 'example.com' } } }), [/^http\.contexts\.billing\.publicUrl: expected string matching/]);
  t.match(issues({ port: 70_000 }), [/^http\.port: expected integer/]);
});

t.test('two contexts on one listener with one path clash; on different ports they do not', async (t) => {
  t.throws(() => resolveContexts(settings({ contexts: { acme: { path: '/public' } } })), {
    message: /contexts public and acme both use path "\/public" on 127\.0\.0\.1:8080/,
    code: 'HTTP_CONTEXT_CLASH',
  });
  t.doesNotThrow(() => resolveContexts(settings({ contexts: { acme: { path: '/public', port: 9000 } } })));
  t.throws(() => resolveContexts(settings({ listen: false, contexts: { acme: { path: '/public', port: 9000 } } })), /both use path/, 'without ports, paths alone tell contexts apart');
});
