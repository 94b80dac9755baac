import { type Static, Type } from '@tdss/sdk';

const Quantities = Type.Record(Type.String(), Type.String(), {
  description: 'Resource quantities by name, e.g. { "cpu": "250m", "memory": "256Mi" }.',
});

const RESOURCES_DESCRIPTION = 'The data plane container\'s resource requests and limits, as in a Kubernetes container spec.';

export const DataPlaneResources = Type.Object(
  {
    requests: Type.Optional(Quantities),
    limits: Type.Optional(Quantities),
  },
  { description: RESOURCES_DESCRIPTION },
);

export type DataPlaneResources = Static<typeof DataPlaneResources>;

export const ProvisionerKubernetesSettings = Type.Object({
  kubeconfig: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Path of a kubeconfig file (its current context is used). Without it and without `server`: the in-cluster service account ' +
        'when KUBERNETES_SERVICE_HOST is set, else $KUBECONFIG or ~/.kube/config.',
    }),
  ),
  server: Type.Optional(
    Type.String({
      format: 'uri',
      description: 'API server URL, for an explicit connection (tests, a cluster reached without kubeconfig); wins over `kubeconfig`.',
    }),
  ),
  token: Type.Optional(Type.String({ minLength: 1, description: 'Bearer token sent to `server`. Never logged.' })),
  caFile: Type.Optional(Type.String({ minLength: 1, description: 'PEM file of the CA that signed the certificate of `server` (https).' })),
  namespacePrefix: Type.String({
    pattern: '^[a-z0-9]([-a-z0-9]*)?$',
    maxLength: 30,
    default: 'tdss-tenant-',
    description: 'Each tenant\'s namespace is this prefix plus its id made DNS-1123 safe (lower case; a hash suffix when the id had to change or be cut).',
  }),
  runtimeNamespace: Type.String({
    minLength: 1,
    default: 'tdss',
    description: 'Namespace of the TDSS runtime: its pods (matching `runtimePodLabels`) may reach the tenant\'s data plane.',
  }),
  runtimePodLabels: Type.Record(Type.String(), Type.String(), {
    default: { 'app.kubernetes.io/name': 'tdss' },
    description: 'Labels of the runtime\'s pods in `runtimeNamespace` that the network policy lets in. {} lets in every pod of that namespace.',
  }),
  additionalIngress: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
    default: [],
    description:
      'More NetworkPolicy peers (`from` entries, e.g. the ingress controller\'s namespace) allowed to reach the data plane\'s port, ' +
      'for consumers pulling data through an ingress.',
  }),
  dataPlane: Type.Object(
    {
      image: Type.String({ minLength: 1, description: 'Container image of the tenant\'s data plane. Required: there is no sensible default.' }),
      port: Type.Integer({ minimum: 1, maximum: 65535, default: 8080, description: 'Port the data plane listens on, also the Service\'s port.' }),
      replicas: Type.Integer({ minimum: 1, default: 1, description: 'Replicas of the data plane Deployment while the tenant runs.' }),
      resources: Type.Object(DataPlaneResources.properties, {
        default: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        description: RESOURCES_DESCRIPTION,
      }),
      signalingPath: Type.String({
        pattern: '^/',
        default: '/signaling/dataplane-http',
        description: 'Path of the data plane\'s Data Plane Signaling API; the DPS URL returned is http://<service>.<namespace>.svc:<port><path>.',
      }),
      transferTypes: Type.Array(Type.String({ minLength: 1 }), {
        default: ['HttpData-PULL', 'HttpData-PUSH'],
        description: 'Transfer types the dedicated data plane serves, registered with the control plane.',
      }),
      secretEnv: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String({ minLength: 1 }), {
        default: { TDSS_TENANT_API_KEY: 'tenant-manager/api-key' },
        description:
          'Environment variables of the data plane taken from the tenant\'s SecretStore scope: variable name -> secret key. ' +
          'They go into the tenant\'s Secret, never into logs or the Deployment.',
      }),
    },
    { description: 'The dedicated data plane; a tenant overrides image, replicas and resources in `settings.infrastructure`.' },
  ),
  deletionTimeoutSeconds: Type.Integer({
    minimum: 0,
    default: 30,
    description: 'How long deprovision waits for the namespace to disappear; one still terminating then fails the call, to be retried.',
  }),
});

export type ProvisionerKubernetesSettings = Static<typeof ProvisionerKubernetesSettings>;
