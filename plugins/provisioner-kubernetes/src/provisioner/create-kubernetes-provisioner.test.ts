import type { ProblemError } from '@tdss/sdk';
import { PermanentError } from '@tdss/workflow';
import { rejectionOf } from '@tdss/testing';
import t from 'tap';
import { createKubeConfig } from '../client/create-kube-config.ts';
import { createObjectApis } from '../client/object-api.ts';
import { tenantNamespace } from '../manifests/tenant-names.ts';
import { ProvisionerKubernetesSettings } from '../settings.ts';
import { startKubernetesMock } from '../test-support/kubernetes-mock.ts';
import { DATA_PLANE_IMAGE, kubernetesReader, startProvisionerRuntime } from '../test-support/provisioner-runtime.ts';
import { createKubernetesProvisioner } from './create-kubernetes-provisioner.ts';
import Value from 'typebox/value';

// A first run fetches the mock's jars with Maven, which may outlast tap's default two minutes.
t.setTimeout(300_000);
// One mock API server for the whole file: the JVM start is the slow part.
const mock = await startKubernetesMock(t);
if (mock !== undefined) await run(mock);

async function run(api: NonNullable<typeof mock>) {
  const connection = { server: api.url, caFile: api.caFile };
  const { provisioner, secrets } = await startProvisionerRuntime(t, connection);
  const k8s = kubernetesReader(connection);
  const API_KEY = 'tenant-manager/api-key';

  async function tenant(id: string, settings: Record<string, unknown> = {}) {
    await secrets.put(id, API_KEY, `secret-of-${id}`);
    return { tenantId: id, name: `Tenant ${id}`, did: `did:web:example.com:${id}`, settings };
  }

  await t.test('provision makes the namespace, network policies, secret, data plane and service', async (t) => {
    const request = await tenant('acme');
    const made = await provisioner.provision(request);
    const namespace = 'tdss-tenant-acme';

    t.same(made.resources, [
      { kind: 'Namespace', name: namespace },
      { kind: 'NetworkPolicy', name: 'tdss-default-deny', location: namespace },
      { kind: 'NetworkPolicy', name: 'tdss-allow-runtime', location: namespace },
      { kind: 'Secret', name: 'tdss-dataplane-secrets', location: namespace },
      { kind: 'Deployment', name: 'tdss-dataplane', location: namespace },
      { kind: 'Service', name: 'tdss-dataplane', location: namespace },
    ]);
    t.same(made.dataPlanes, [{ url: `http://tdss-dataplane.${namespace}.svc:8080/signaling/dataplane-http`, transferTypes: ['HttpData-PULL', 'HttpData-PUSH'] }]);

    const ns = await k8s.core.readNamespace({ name: namespace });
    t.equal(ns.metadata?.labels?.['tdss.io/tenant'], 'acme');
    t.equal(ns.metadata?.annotations?.['tdss.io/tenant-id'], 'acme');

    const policies = await k8s.networking.listNamespacedNetworkPolicy({ namespace });
    const byName = new Map(policies.items.map((policy) => [policy.metadata?.name, policy.spec]));
    t.same(byName.get('tdss-default-deny'), { podSelector: {}, policyTypes: ['Ingress'] }, 'every pod of the namespace denies ingress');
    const allow = byName.get('tdss-allow-runtime');
    t.same(allow?.ingress?.[0]?._from, [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tdss' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tdss' } } },
    ], 'the runtime\'s pods may come in');
    t.same(allow?.ingress?.[0]?.ports, [{ protocol: 'TCP', port: 8080 }]);

    const secret = await k8s.core.readNamespacedSecret({ name: 'tdss-dataplane-secrets', namespace });
    t.equal(Buffer.from(secret.data?.TDSS_TENANT_API_KEY ?? '', 'base64').toString(), 'secret-of-acme', 'the value from the secret store');

    const deployment = await k8s.apps.readNamespacedDeployment({ name: 'tdss-dataplane', namespace });
    const container = deployment.spec?.template.spec?.containers[0];
    t.equal(deployment.spec?.replicas, 1);
    t.equal(container?.image, DATA_PLANE_IMAGE);
    t.same(container?.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    t.same(container?.envFrom, [{ secretRef: { name: 'tdss-dataplane-secrets' } }], 'secrets reach the pod by reference only');
    t.same(container?.env, [
      { name: 'TDSS_TENANT_ID', value: 'acme' },
      { name: 'TDSS_PARTICIPANT_ID', value: 'did:web:example.com:acme' },
    ]);
    t.notMatch(JSON.stringify(deployment), 'secret-of-acme', 'no secret value in the Deployment');

    const service = await k8s.core.readNamespacedService({ name: 'tdss-dataplane', namespace });
    t.same(service.spec?.selector, deployment.spec?.selector.matchLabels, 'the service selects the data plane\'s pods');
    t.same(service.spec?.ports?.map(({ port, targetPort }) => ({ port, targetPort })), [{ port: 8080, targetPort: 'http' }]);
  });

  await t.test('provisioning again finds the same objects and brings them in line with new settings', async (t) => {
    const request = await tenant('acme');
    const namespace = 'tdss-tenant-acme';
    const before = await k8s.apps.readNamespacedDeployment({ name: 'tdss-dataplane', namespace });
    const again = await provisioner.provision(request);
    t.equal(again.resources.length, 6);
    const after = await k8s.apps.readNamespacedDeployment({ name: 'tdss-dataplane', namespace });
    t.equal(after.metadata?.uid, before.metadata?.uid, 'the same Deployment, replaced, not made anew');

    const digest = (deployment: typeof before) => deployment.spec?.template.metadata?.annotations?.['tdss.io/secret-digest'];
    t.match(digest(after), /^[0-9a-f]{16}$/);
    t.equal(digest(after), digest(before), 'same values, same pods');
    await secrets.put('acme', API_KEY, 'rotated');
    await provisioner.provision({ ...request, settings: { infrastructure: { image: 'registry.example/other:2', replicas: 3, resources: { limits: { memory: '1Gi' } } } } });
    const changed = await k8s.apps.readNamespacedDeployment({ name: 'tdss-dataplane', namespace });
    t.equal(changed.spec?.replicas, 3);
    t.equal(changed.spec?.template.spec?.containers[0]?.image, 'registry.example/other:2');
    t.same(changed.spec?.template.spec?.containers[0]?.resources, { limits: { memory: '1Gi' } });
    const secret = await k8s.core.readNamespacedSecret({ name: 'tdss-dataplane-secrets', namespace });
    t.equal(Buffer.from(secret.data?.TDSS_TENANT_API_KEY ?? '', 'base64').toString(), 'rotated');
    t.not(digest(changed), digest(after), 'new secret values roll the pods');
    t.equal((await k8s.core.listNamespacedSecret({ namespace })).items.length, 1, 'still one secret');
  });

  await t.test('two replicas provisioning the same tenant at once both succeed', async (t) => {
    const request = await tenant('twins');
    const results = await Promise.all([provisioner.provision(request), provisioner.provision(request)]);
    t.same(results[0], results[1]);
    const deployments = await k8s.apps.listNamespacedDeployment({ namespace: 'tdss-tenant-twins' });
    t.equal(deployments.items.length, 1);
  });

  await t.test('suspend scales the data plane to 0 and resume back; both are idempotent', async (t) => {
    const request = await tenant('sleepy', { infrastructure: { replicas: 2 } });
    await provisioner.provision(request);
    const replicas = async () => (await k8s.apps.readNamespacedDeployment({ name: 'tdss-dataplane', namespace: 'tdss-tenant-sleepy' })).spec?.replicas;
    t.equal(await replicas(), 2);
    await provisioner.suspend(request);
    await provisioner.suspend(request);
    t.equal(await replicas(), 0);
    await provisioner.provision(request);
    t.equal(await replicas(), 0, 'provisioning a suspended tenant again leaves it stopped');
    await provisioner.resume(request);
    await provisioner.resume(request);
    t.equal(await replicas(), 2);
    await provisioner.suspend({ ...request, tenantId: 'never-provisioned' });
    const error = await rejectionOf(provisioner.resume({ ...request, tenantId: 'never-provisioned' }));
    t.type(error, PermanentError);
    t.match(error.message, /cannot resume tenant never-provisioned: there is no Deployment tdss-tenant-never-provisioned\/tdss-dataplane/);
  });

  await t.test('deprovision deletes the namespace; gone already is done', async (t) => {
    const request = await tenant('leaving');
    await provisioner.provision(request);
    await provisioner.deprovision(request);
    t.equal((await rejectionOf(k8s.core.readNamespace({ name: 'tdss-tenant-leaving' })) as { code?: number }).code, 404);
    await provisioner.deprovision(request);
  });

  await t.test('deprovision waits for a terminating namespace, and reports one that stays', async (t) => {
    const request = await tenant('slow');
    await provisioner.provision(request);
    const path = '/api/v1/namespaces/tdss-tenant-slow';
    const terminating = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tdss-tenant-slow' }, status: { phase: 'Terminating' } };
    const apis = createObjectApis(createKubeConfig(connection));
    const settings = Value.Default(ProvisionerKubernetesSettings, { ...connection, dataPlane: { image: DATA_PLANE_IMAGE } }) as ProvisionerKubernetesSettings;
    const patient = createKubernetesProvisioner({ settings: { ...settings, deletionTimeoutSeconds: 5 }, apis, secrets: () => secrets, pollIntervalMs: 20 });
    await api.respond('GET', path, 200, { times: 3, body: terminating });
    await patient.deprovision(request);
    t.equal((await rejectionOf(k8s.core.readNamespace({ name: 'tdss-tenant-slow' })) as { code?: number }).code, 404, 'gone after three looks');

    await provisioner.provision(request);
    const impatient = createKubernetesProvisioner({ settings: { ...settings, deletionTimeoutSeconds: 0 }, apis, secrets: () => secrets });
    await api.respond('GET', path, 200, { body: terminating });
    const error = await rejectionOf(impatient.deprovision(request));
    t.notOk(error instanceof PermanentError, 'retried by the workflow');
    t.match(error.message, /@tdss\/provisioner-kubernetes: Namespace tdss-tenant-slow is still Terminating 0s after its deletion/);

    // An API server answers a second deletion of a terminating namespace with 409: that is no failure.
    await provisioner.provision(request);
    await api.respond('DELETE', path, 409, {
      body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, message: 'The system is ensuring all content is removed from this namespace.' },
    });
    await api.respond('GET', path, 200, { body: terminating });
    const again = await rejectionOf(impatient.deprovision(request));
    t.match(again.message, 'Namespace tdss-tenant-slow is still Terminating', 'a 409 on delete goes on to wait');
    t.equal((await k8s.core.readNamespace({ name: 'tdss-tenant-slow' })).metadata?.name, 'tdss-tenant-slow', 'the refused deletion left it there');
    await provisioner.deprovision(request);
  });

  await t.test('API server errors name the plugin, the object and the status; only transient ones are retried', async (t) => {
    const request = await tenant('unlucky');
    await api.respond('POST', '/api/v1/namespaces', 403);
    const forbidden = await rejectionOf(provisioner.provision(request));
    t.type(forbidden, PermanentError, 'no retry changes RBAC');
    t.match(forbidden.message, '@tdss/provisioner-kubernetes: create Namespace tdss-tenant-unlucky failed: HTTP 403 (Forbidden: injected by the test)');

    await api.respond('GET', '/apis/apps/v1/namespaces/tdss-tenant-unlucky/deployments/tdss-dataplane', 500);
    const broken = await rejectionOf(provisioner.provision(request));
    t.notOk(broken instanceof PermanentError, 'a 5xx is thrown to be retried by the workflow');
    t.match(broken.message, 'read Deployment tdss-tenant-unlucky/tdss-dataplane failed: HTTP 500 (InternalError: injected by the test)');

    await provisioner.provision(request);
    await api.respond('PUT', '/apis/apps/v1/namespaces/tdss-tenant-unlucky/deployments/tdss-dataplane', 409, { times: 2 });
    await provisioner.suspend(request);
    const deployment = await k8s.apps.readNamespacedDeployment({ name: 'tdss-dataplane', namespace: 'tdss-tenant-unlucky' });
    t.equal(deployment.spec?.replicas, 0, 'two conflicts, then the replace went through');

    await api.respond('PUT', '/apis/apps/v1/namespaces/tdss-tenant-unlucky/deployments/tdss-dataplane', 409, { times: 5 });
    const conflicted = await rejectionOf(provisioner.resume(request));
    t.notOk(conflicted instanceof PermanentError);
    t.match(conflicted.message, 'replace Deployment tdss-tenant-unlucky/tdss-dataplane failed: HTTP 409');
  });

  await t.test('the runtime namespace, its pod labels, extra ingress peers and the prefix come from the settings', async (t) => {
    const settings = Value.Default(ProvisionerKubernetesSettings, {
      ...connection,
      namespacePrefix: 'dp-',
      runtimeNamespace: 'platform',
      runtimePodLabels: {},
      additionalIngress: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
        { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
      ],
      dataPlane: { image: DATA_PLANE_IMAGE, port: 9191, signalingPath: '/dps/v1' },
    }) as ProvisionerKubernetesSettings;
    const custom = createKubernetesProvisioner({ settings, apis: createObjectApis(createKubeConfig(connection)), secrets: () => secrets });
    const made = await custom.provision(await tenant('custom'));
    t.same(made.dataPlanes[0]?.url, 'http://tdss-dataplane.dp-custom.svc:9191/dps/v1');
    const policy = await k8s.networking.readNamespacedNetworkPolicy({ name: 'tdss-allow-runtime', namespace: 'dp-custom' });
    t.same(policy.spec?.ingress?.[0]?._from, [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'platform' } }, podSelector: { matchLabels: {} } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ], 'peers written as for kubectl reach the server whole');
    t.same(policy.spec?.ingress?.[0]?.ports, [{ protocol: 'TCP', port: 9191 }]);
  });

  await t.test('a tenant without its secret, or with invalid infrastructure settings, is refused with a reason', async (t) => {
    const missing = await rejectionOf(provisioner.provision({ tenantId: 'no-secret', name: 'x', settings: {} }));
    t.match(missing.message, 'tenant no-secret has no secret tenant-manager/api-key in the secret store');
    const invalid = await rejectionOf<ProblemError>(provisioner.provision(await tenant('odd', { infrastructure: { replicas: 0, cpu: 4 } })));
    t.equal(invalid.status, 400, 'a 4xx problem, which the tenant manager does not retry');
    t.same(invalid.extensions.errors, [
      { path: 'settings.infrastructure.cpu', problem: 'unknown field' },
      { path: 'settings.infrastructure.replicas', problem: 'must be >= 1' },
    ]);
    t.equal((await rejectionOf(k8s.core.readNamespace({ name: tenantNamespace('tdss-tenant-', 'odd') })) as { code?: number }).code, 404, 'nothing made');
  });

  await t.test('an unreachable API server is a retryable error naming the plugin', async (t) => {
    const apis = createObjectApis(createKubeConfig({ server: 'https://127.0.0.1:1' }));
    const settings = Value.Default(ProvisionerKubernetesSettings, { dataPlane: { image: DATA_PLANE_IMAGE } }) as ProvisionerKubernetesSettings;
    const error = await rejectionOf(createKubernetesProvisioner({ settings, apis, secrets: () => secrets }).suspend(await tenant('offline')));
    t.notOk(error instanceof PermanentError);
    t.match(error.message, /@tdss\/provisioner-kubernetes: read Deployment tdss-tenant-offline\/tdss-dataplane failed: the Kubernetes API server did not answer/);
  });
}
