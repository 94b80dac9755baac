import t from 'tap';
import { tenantLabelValue, tenantNamespace } from './tenant-names.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

t.test('an id that is DNS-safe already keeps its name', async (t) => {
  t.equal(tenantNamespace('tdss-tenant-', 'acme-1'), 'tdss-tenant-acme-1');
  t.equal(tenantLabelValue('Acme_1.eu'), 'Acme_1.eu', 'label values allow case, dots and underscores');
});

t.test('ids that must change get a hash suffix, so that they never share a namespace', async (t) => {
  const ids = ['Acme', 'acme_', 'a.b', 'a_b', 'A_B', 'x'.repeat(100), `${'x'.repeat(100)}y`];
  const namespaces = ids.map((id) => tenantNamespace('tdss-tenant-', id));
  for (const [index, namespace] of namespaces.entries()) {
    t.match(namespace, DNS_LABEL, `${ids[index]} -> ${namespace} is a DNS-1123 label`);
  }
  t.equal(new Set(namespaces).size, ids.length, 'all different');
  t.equal(namespaces[0], tenantNamespace('tdss-tenant-', 'Acme'), 'the same id always gives the same name');
  t.match(namespaces[2], /^tdss-tenant-a-b-[0-9a-f]{8}$/);
});

t.test('label values that must change are cut and hashed the same way', async (t) => {
  for (const id of ['x'.repeat(100), 'a_', 'a b']) t.match(tenantLabelValue(id), LABEL_VALUE);
  t.not(tenantLabelValue('x'.repeat(100)), tenantLabelValue(`${'x'.repeat(100)}y`));
});
