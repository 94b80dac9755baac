/**
 * The plugins of a tenant runtime on PostgreSQL for the scale tests, in a child process (the
 * worker) or in the test's own: store, embedded secrets (master key from TDSS_SECRETS_KEY, the
 * same in every process), HTTP on a free port, the operator token of management-auth, control
 * plane, identity hub (one dataspace without an issuer), workflow with the given step settings,
 * and the tenant manager with its default provisioning steps and the local provisioner.
 */
import controlPlane from '@tdss/control-plane';
import http from '@tdss/http';
import identityHub from '@tdss/identity-hub';
import type { PluginEntry } from '@tdss/kernel';
import managementAuth from '@tdss/management-auth';
import provisionerLocal from '@tdss/provisioner-local';
import secrets from '@tdss/secrets-local';
import store from '@tdss/store-sql';
import workflow from '@tdss/workflow';
import tenantManager from '../../index.ts';

export const SCALE_ADMIN_TOKEN = 'scale-test-operator-token-0123456789';

/** One dataspace without an issuer: every tenant belongs to it and needs no credential. */
export const SCALE_DATASPACES = [{ name: 'local', trustedIssuers: [], requiredCredentialTypes: [] }];

export interface ScaleRuntimeSettings {
  url: string;
  /** `steps` of @tdss/workflow: a short lease lets a restarted runtime take over a killed one's steps soon. */
  steps: Record<string, unknown>;
}

export function scalePlugins({ url, steps }: ScaleRuntimeSettings): PluginEntry[] {
  return [
    { plugin: store, settings: { dialect: 'postgresql', url } },
    { plugin: secrets },
    { plugin: http, settings: { port: 0 } },
    { plugin: managementAuth, settings: { adminToken: SCALE_ADMIN_TOKEN } },
    { plugin: controlPlane },
    { plugin: identityHub, settings: { didWebHttpLoopback: true, dataspaces: SCALE_DATASPACES } },
    { plugin: workflow, settings: { steps } },
    { plugin: tenantManager },
    { plugin: provisionerLocal },
  ];
}
