import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempDir } from '@tdss/testing';
import t, { type Test } from 'tap';
import { createKubeConfig } from './create-kube-config.ts';

const kubeconfig = (server: string) => `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}" } }]
users: [{ name: u, user: { token: file-token } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;

t.test('an explicit server wins, with its token and CA', async (t) => {
  const config = createKubeConfig({ server: 'https://api.example:6443', token: 'secret-token', caFile: '/etc/ca.pem', kubeconfig: '/nowhere' });
  t.match(config.getCurrentCluster(), { server: 'https://api.example:6443', caFile: '/etc/ca.pem', skipTLSVerify: false });
  t.equal(config.getCurrentUser()?.token, 'secret-token');
});

t.test('a kubeconfig file is used as its current context says', async (t) => {
  const file = path.join(await createTempDir(t), 'config');
  await writeFile(file, kubeconfig('https://from-file:6443'));
  t.equal(createKubeConfig({ kubeconfig: file }).getCurrentCluster()?.server, 'https://from-file:6443');
});

/** Sets environment variables for one test. */
function withEnv(t: Test, values: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  t.teardown(() => apply(saved));
}

t.test('without settings outside a cluster: $KUBECONFIG (else ~/.kube/config)', async (t) => {
  const file = path.join(await createTempDir(t), 'config');
  await writeFile(file, kubeconfig('https://from-env:6443'));
  withEnv(t, { KUBECONFIG: file, KUBERNETES_SERVICE_HOST: undefined });
  t.equal(createKubeConfig({}).getCurrentCluster()?.server, 'https://from-env:6443');
});

t.test('without settings inside a cluster: the pod\'s service account, even with a kubeconfig around', async (t) => {
  const file = path.join(await createTempDir(t), 'config');
  await writeFile(file, kubeconfig('https://from-env:6443'));
  withEnv(t, { KUBECONFIG: file, KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' });
  const config = createKubeConfig({});
  t.match(config.getCurrentCluster(), { server: 'https://10.0.0.1:443', caFile: /serviceaccount\/ca\.crt$/ });
});
