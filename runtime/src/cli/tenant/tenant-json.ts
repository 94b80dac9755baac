/** The shapes the tenant API of @tdss/tenant-manager answers (GET /v1/tenants, GET /v1/tenants/{id}). */

export interface TenantJson {
  id: string;
  name: string;
  state: string;
  settings: Record<string, unknown>;
  did: string | null;
  error: string | null;
  orchestrationId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StepJson {
  id: string;
  activity: string;
  state: string;
  attempts: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  compensatedAt: string | null;
}

export interface OrchestrationJson {
  id: string;
  name: string;
  state: string;
  error: string | null;
  steps: StepJson[];
}

export interface TenantDetailsJson extends TenantJson {
  /** The workflow now (or last) acting on the tenant; null for none. */
  orchestration: OrchestrationJson | null;
}
