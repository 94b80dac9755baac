/**
 * Kubernetes names and label values for a tenant. Tenant ids allow upper case, dots and
 * underscores and run to 100 characters; namespace names (DNS-1123 labels) and label values do
 * not, so an id that has to change is suffixed with a hash of the original: two ids never share a
 * namespace because they differ only in case or punctuation.
 */
import { createHash } from 'node:crypto';

const DNS_LABEL_MAX = 63;
const HASH_LENGTH = 8;

/** The tenant's namespace: `prefix` + id, DNS-1123 safe. */
export function tenantNamespace(prefix: string, tenantId: string): string {
  const wanted = `${prefix}${tenantId}`;
  const safe = wanted.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return fitted(wanted, safe, (cut) => cut.replace(/-+$/, ''));
}

/** The value of the `tdss.io/tenant` label: the id itself whenever label syntax allows it. */
export function tenantLabelValue(tenantId: string): string {
  const safe = tenantId.replace(/[^A-Za-z0-9._-]+/g, '-');
  return fitted(tenantId, safe, (cut) => cut.replace(/[-._]+$/, ''));
}

function fitted(original: string, safe: string, trimEnd: (cut: string) => string): string {
  if (safe === original && safe.length <= DNS_LABEL_MAX && /[A-Za-z0-9]$/.test(safe)) return safe;
  const hash = createHash('sha256').update(original).digest('hex').slice(0, HASH_LENGTH);
  return `${trimEnd(safe.slice(0, DNS_LABEL_MAX - HASH_LENGTH - 1))}-${hash}`;
}
