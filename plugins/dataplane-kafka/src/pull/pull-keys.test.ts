import http from '@tdss/http';
import { definePlugin, HttpServer, SecretStore } from '@tdss/sdk';
import { startTestRuntime } from '@tdss/testing';
import t from 'tap';
import dataPlaneKafka from '../index.ts';

t.test('a signing key that failed to load is loaded again at the next request, not refused until a restart', async (t) => {
  const secrets = new Map<string, string>();
  let failures = 1;
  const flaky: SecretStore = {
    async get(tenantId, key) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('secret store unreachable');
      }
      return secrets.get(`${tenantId}/${key}`);
    },
    async put(tenantId, key, value) {
      secrets.set(`${tenantId}/${key}`, value);
    },
    delete: async () => false,
    list: async () => [],
    deleteTenant: async () => 0,
  };
  const flakySecrets = definePlugin({ name: 'flaky-secrets', version: '1.0.0', provides: [SecretStore], register: (ctx) => ctx.provide(SecretStore, flaky) });
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: flakySecrets }, { plugin: dataPlaneKafka, settings: { store: 'memory' } }],
  });
  const jwks = `${runtime.get(HttpServer).url('public')}/dataplane-kafka/jwks.json`;
  t.equal((await fetch(jwks)).status, 500, 'the first load fails');
  const answer = await fetch(jwks);
  t.equal(answer.status, 200, 'the next request loads the key again');
  t.match(await answer.json(), { keys: [{ kty: 'EC', crv: 'P-256' }] });
  t.notOk((await (await fetch(jwks)).json() as { keys: Record<string, unknown>[] }).keys[0]!.d, 'the public half only');
});
