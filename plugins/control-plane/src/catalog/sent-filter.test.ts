import t from 'tap';
import { sendsFilter } from './sent-filter.ts';

t.test('an empty filter, in any form, is no filter', async (t) => {
  for (const body of [{}, { filter: {} }, { filter: [] }, { filter: [{}] }, { 'dspace:filter': {} }, { 'https://w3id.org/dspace/2025/1/filter': [{}] }]) {
    t.equal(sendsFilter(body), false, JSON.stringify(body));
  }
});

t.test('a filter with any member is a filter, even one the DSP context does not define', async (t) => {
  t.equal(sendsFilter({ filter: [{ operandLeft: 'id' }] }), true);
  t.equal(sendsFilter({ filter: {}, 'dspace:filter': [{ x: 1 }] }), true);
  t.equal(sendsFilter({ filter: ['name = x'] }), true);
});
