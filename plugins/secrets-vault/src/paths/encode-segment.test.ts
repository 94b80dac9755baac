import t from 'tap';
import { decodeSegment, encodeSegment } from './encode-segment.ts';

const HOSTILE = ['..', '.', '../B', '..%2fB', '%2e%2e', '%2e%2e%2fB', 'A/../B', '/B', 'B/', 'a\\..\\b', 'a\u0000b', 'x__y', '_5f', 'a-', 'Ünïcødé ✓', 'tdss__B__k'];

t.test('letters, digits and interior dashes stay readable', async (t) => {
  t.equal(encodeSegment('acme-corp-42'), 'acme-corp-42');
  t.equal(encodeSegment('_runtime'), '_5fruntime');
  t.equal(encodeSegment('a-'), 'a_2d', 'a final dash is escaped: Transit names end in a word character');
});

t.test('no input yields a path separator, a dot segment, a percent sign or the Transit joint', async (t) => {
  for (const value of HOSTILE) {
    const encoded = encodeSegment(value);
    t.match(encoded, /^[A-Za-z0-9_-]+$/, `${JSON.stringify(value)} → ${encoded}`);
    t.notMatch(encoded, /__/, `${JSON.stringify(value)} has no "__"`);
    t.notMatch(encoded, /-$/);
    t.equal(decodeSegment(encoded), value, 'and it decodes back');
  }
});

t.test('different inputs never share an encoding', async (t) => {
  const inputs = [...HOSTILE, '_2e_2e', '.._', '%', '_', '__', 'B', 'b', '-', '--'];
  const encodings = new Map<string, string>();
  for (const value of inputs) {
    const encoded = encodeSegment(value);
    t.equal(encodings.get(encoded), undefined, `${JSON.stringify(value)} is the only input encoded as ${encoded}`);
    encodings.set(encoded, value);
  }
});
