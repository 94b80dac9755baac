/**
 * An unauthenticated management API is tolerable on loopback only (tests, a developer's machine):
 * bound to any other interface without a ManagementAccess provider, the runtime refuses to start.
 */
import { isIP } from 'node:net';
import { TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { ResolvedContext } from '../settings/resolve-contexts.ts';

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return /^::ffff:127\./i.test(bare);
}

export function refuseOpenManagement(management: ResolvedContext): void {
  if (isLoopback(management.host)) return;
  throw new TdssError(`the management API would listen on ${management.host}:${management.port} without authentication`, {
    code: 'HTTP_MANAGEMENT_UNAUTHENTICATED',
    plugin: PLUGIN_NAME,
    hint:
      'add @tdss/management-auth to the profile (adminToken from TDSS_ADMIN_TOKEN, or oidc settings), ' +
      'or bind the management context to loopback (contexts.management.host: 127.0.0.1)',
  });
}
