/** Shows a tenant's workflow while a command follows it: redrawn on a terminal, line by line otherwise. */
import type { TenantDetailsJson } from './tenant-json.ts';

export interface ProgressView {
  /** Each poll's answer; the view shows what changed. */
  update(tenant: TenantDetailsJson): void;
  /** A one-off remark, e.g. that the runtime stopped answering for a while. */
  notice(text: string): void;
  /** Leaves the last state on screen and releases the terminal. */
  finish(): void;
}
