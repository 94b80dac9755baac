import secrets from '@tdss/secrets-local';
import store from '@tdss/store-sql';
import { startTestRuntime } from '@tdss/testing';
import t from 'tap';
import provisionerKubernetes from './index.ts';

t.test('the data plane image is required: a profile without it does not start', async (t) => {
  process.env.TDSS_TEST_K8S_INDEX_KEY = Buffer.alloc(32, 7).toString('base64');
  t.teardown(() => {
    delete process.env.TDSS_TEST_K8S_INDEX_KEY;
  });
  for (const [settings, missing] of [
    [{}, 'dataPlane'],
    [{ dataPlane: { replicas: 2 } }, 'dataPlane.image'],
  ] as const) {
    const started = startTestRuntime(t, {
      plugins: [
        { plugin: store, settings: { dialect: 'sqlite' } },
        { plugin: secrets, settings: { keyEnv: 'TDSS_TEST_K8S_INDEX_KEY' } },
        { plugin: provisionerKubernetes, settings: { server: 'https://127.0.0.1:1', ...settings } },
      ],
    });
    await t.rejects(started, { message: `plugins["@tdss/provisioner-kubernetes"].${missing}: required setting is missing` });
  }
});
