import type { CliIo } from '../io.ts';
import type { ManagementClient } from './management-client.ts';
import type { TenantOptions } from './tenant-options.ts';

/** What every `tdss tenant` subcommand gets once its arguments are checked. */
export interface TenantContext {
  command: string;
  client: ManagementClient;
  io: CliIo;
  output: 'table' | 'json';
  values: TenantOptions;
  /** The tenant that show, suspend, resume and delete act on. */
  id: string;
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export const tenantPath = (id: string, action = '') => `/${encodeURIComponent(id)}${action}`;
