import t from 'tap';
import { readCatalogFilter } from './catalog-filter.ts';

const EDC = 'https://w3id.org/edc/v0.0.1/ns/';

t.test('an empty filter object is no filter, as EDC consumers mean it', async (t) => {
  t.same(readCatalogFilter([{}]), []);
  t.same(readCatalogFilter([]), []);
  t.same(readCatalogFilter(undefined), []);
});

t.test('an empty object beside a criterion leaves the criterion', async (t) => {
  const criteria = readCatalogFilter([{}, { [`${EDC}operandLeft`]: 'id', [`${EDC}operator`]: '=', [`${EDC}operandRight`]: 'a' }]);
  t.equal(criteria.length, 1);
});

t.test('a criterion that names nothing usable is still a 400', async (t) => {
  t.throws(() => readCatalogFilter([{ unknown: 1 }]), { status: 400, message: /catalog filter/ });
});
