/**
 * Everything a tenant gets from this provisioner lives in the runtime: a data folder under the
 * data directory with a quota marker (`quota.json`), and a `SUSPENDED` marker while the tenant
 * is suspended. No dedicated data planes: tenants use the runtime's shared ones. Every method
 * converges on the wanted state, so a retry or a second replica changes nothing more.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { problems } from '@tdss/sdk';
import { type ProvisionedInfrastructure, type Provisioner, type ProvisioningRequest, schemaIssues } from '@tdss/tenant-manager';
import { LocalInfrastructure } from './settings.ts';

export const QUOTA_FILE = 'quota.json';
export const SUSPENDED_FILE = 'SUSPENDED';

export interface LocalProvisionerOptions {
  /** Absolute folder holding one folder per tenant. */
  root: string;
  defaultQuotaMegabytes: number;
}

export function createLocalProvisioner(options: LocalProvisionerOptions): Provisioner {
  const folderOf = (request: ProvisioningRequest) => join(options.root, request.tenantId);

  return {
    name: 'local',
    description: 'A data folder per tenant under the runtime\'s data directory, with a quota marker; the runtime\'s shared data planes.',

    async provision(request): Promise<ProvisionedInfrastructure> {
      const infrastructure = readInfrastructure(request.settings.infrastructure);
      const folder = folderOf(request);
      await mkdir(folder, { recursive: true });
      const quota = { tenantId: request.tenantId, quotaBytes: (infrastructure.quotaMegabytes ?? options.defaultQuotaMegabytes) * 1024 * 1024 };
      await writeAtomically(join(folder, QUOTA_FILE), `${JSON.stringify(quota, null, 2)}\n`);
      return {
        resources: [
          { kind: 'Folder', name: request.tenantId, location: folder },
          { kind: 'QuotaMarker', name: QUOTA_FILE, location: folder },
        ],
        dataPlanes: [],
      };
    },

    async suspend(request) {
      await mkdir(folderOf(request), { recursive: true });
      await writeAtomically(join(folderOf(request), SUSPENDED_FILE), 'suspended by the tenant manager\n');
    },

    async resume(request) {
      await rm(join(folderOf(request), SUSPENDED_FILE), { force: true });
    },

    async deprovision(request) {
      await rm(folderOf(request), { recursive: true, force: true });
    },
  };
}

/** A bad `infrastructure` is the operator's mistake, not a passing failure: a 400 names the field. */
function readInfrastructure(value: unknown): LocalInfrastructure {
  const infrastructure = value ?? {};
  const errors = schemaIssues(LocalInfrastructure, infrastructure, 'settings.infrastructure');
  if (errors.length) throw problems.badRequest(`${errors.map((e) => `${e.path}: ${e.problem}`).join('; ')}`, { errors });
  return infrastructure as LocalInfrastructure;
}

/** A crash mid-write leaves the old marker or the new one, never half of one. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
