import { tenantLabelValue } from './tenant-names.ts';

export const TENANT_LABEL = 'tdss.io/tenant';
/** The tenant id as given, for ids the label value had to change. */
export const TENANT_ANNOTATION = 'tdss.io/tenant-id';

/** Labels on every object made for a tenant. */
export function tenantLabels(tenantId: string): Record<string, string> {
  return { [TENANT_LABEL]: tenantLabelValue(tenantId), 'app.kubernetes.io/managed-by': 'tdss' };
}

/** Labels of the data plane's pods, selected by its Deployment, Service and network policy. */
export function dataPlaneLabels(tenantId: string): Record<string, string> {
  return { [TENANT_LABEL]: tenantLabelValue(tenantId), 'app.kubernetes.io/name': 'tdss-dataplane' };
}
