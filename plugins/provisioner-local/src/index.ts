/**
 * @tdss/provisioner-local: the tenant manager's provisioner for a single runtime. Each tenant
 * gets a data folder under the runtime's data directory with a quota marker; suspension leaves a
 * marker there; deprovisioning removes the folder. Tenants share the runtime's data planes.
 */
import { isAbsolute, join } from 'node:path';
import { definePlugin } from '@tdss/sdk';
import { Provisioners } from '@tdss/tenant-manager';
import { createLocalProvisioner } from './create-local-provisioner.ts';
import { LocalProvisionerSettings } from './settings.ts';

export { createLocalProvisioner, QUOTA_FILE, SUSPENDED_FILE } from './create-local-provisioner.ts';
export { LocalInfrastructure, LocalProvisionerSettings } from './settings.ts';

export default definePlugin({
  name: '@tdss/provisioner-local',
  version: '0.1.0',
  description: 'Tenant provisioner "local": a data folder per tenant with a quota marker; tenants use the runtime\'s shared data planes.',
  settings: LocalProvisionerSettings,
  contributes: [Provisioners],
  register(ctx) {
    const root = isAbsolute(ctx.settings.folder) ? ctx.settings.folder : join(ctx.runtime.dataDir, ctx.settings.folder);
    ctx.contribute(Provisioners, createLocalProvisioner({ root, defaultQuotaMegabytes: ctx.settings.defaultQuotaMegabytes }));
  },
});
