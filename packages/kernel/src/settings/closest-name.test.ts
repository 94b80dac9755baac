import t from 'tap';
import { closestName } from './closest-name.ts';

t.test('suggests the nearest known name', async (t) => {
  t.equal(closestName('prot', ['host', 'port', 'pool']), 'port');
  t.equal(closestName('prot', ['pool', 'port']), 'port', 'swapped letters are one typo, not two');
  t.equal(closestName('mxa', ['min', 'max']), 'max');
  t.equal(closestName('loglevel', ['name', 'logLevel']), 'logLevel', 'case does not count');
  t.equal(closestName('shutdownTimeout', ['shutdownTimeoutMs', 'name']), 'shutdownTimeoutMs');
});

t.test('suggests nothing when no name is near', async (t) => {
  t.equal(closestName('database', ['host', 'port']), undefined);
  t.equal(closestName('x', []), undefined);
});

t.test('allows more typos in longer names', async (t) => {
  t.equal(closestName('maxConectionsPerHst', ['maxConnectionsPerHost']), 'maxConnectionsPerHost');
  t.equal(closestName('prt', ['pool']), undefined, 'three edits in a short name are too many');
});
