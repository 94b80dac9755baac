/**
 * A real runtime of store-sql (SQLite), secrets-local and this plugin, pointed at a mock API
 * server, and a client of that server for the test's own reads. Not part of the build.
 */
import { randomBytes } from 'node:crypto';
import { AppsV1Api, CoreV1Api, KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import { SecretStore } from '@tdss/sdk';
import secrets from '@tdss/secrets-local';
import store from '@tdss/store-sql';
import { type Provisioner, Provisioners } from '@tdss/tenant-manager';
import { startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import provisionerKubernetes from '../index.ts';

export const DATA_PLANE_IMAGE = 'registry.example/tdss-dataplane:1.0.0';

/** `server` and `caFile`: where the mock API server listens and its certificate. */
export async function startProvisionerRuntime(t: Test, connection: { server: string; caFile: string }) {
  const keyEnv = `TDSS_TEST_K8S_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  t.teardown(() => {
    delete process.env[keyEnv];
  });
  const runtime = await startTestRuntime(t, {
    plugins: [
      { plugin: store, settings: { dialect: 'sqlite' } },
      { plugin: secrets, settings: { keyEnv } },
      { plugin: provisionerKubernetes, settings: { ...connection, token: 'test-token', dataPlane: { image: DATA_PLANE_IMAGE } } },
    ],
  });
  const provisioner = runtime.contributions(Provisioners).find((candidate) => candidate.name === 'kubernetes') as Provisioner;
  return { runtime, provisioner, secrets: runtime.get(SecretStore) };
}

/** The test's own view of the API server, through the same client library. */
export function kubernetesReader(connection: { server: string; caFile: string }) {
  const config = new KubeConfig();
  config.loadFromClusterAndUser({ name: 'mock', ...connection, skipTLSVerify: false }, { name: 'test' });
  return { core: config.makeApiClient(CoreV1Api), apps: config.makeApiClient(AppsV1Api), networking: config.makeApiClient(NetworkingV1Api) };
}
