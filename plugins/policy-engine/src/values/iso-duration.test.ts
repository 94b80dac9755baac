import t from 'tap';
import { addDuration, parseDuration } from './iso-duration.ts';

const add = (start: string, duration: string) => new Date(addDuration(Date.parse(start), parseDuration(duration)!)).toISOString();

t.test('parses xsd durations, with weeks', async (t) => {
  t.same(parseDuration('P1Y2M'), { negative: false, months: 14, ms: 0 });
  t.same(parseDuration('P1W2DT3H4M5.5S'), { negative: false, months: 0, ms: ((9 * 24 + 3) * 3600 + 4 * 60 + 5.5) * 1000 });
  t.same(parseDuration('-PT1S'), { negative: true, months: 0, ms: 1000 });
  for (const text of ['P', 'PT', 'P1H', '1D', 'P1.5D', 'PT1.S', 'P-1D']) t.equal(parseDuration(text), undefined, text);
});

t.test('adds calendar months, clamping to the end of a shorter month', async (t) => {
  t.equal(add('2025-01-31T10:00:00Z', 'P1M'), '2025-02-28T10:00:00.000Z');
  t.equal(add('2024-01-31T10:00:00Z', 'P1M'), '2024-02-29T10:00:00.000Z');
  t.equal(add('2024-02-29T00:00:00Z', 'P1Y'), '2025-02-28T00:00:00.000Z');
  t.equal(add('2024-11-15T00:00:00Z', 'P2M1DT1H'), '2025-01-16T01:00:00.000Z');
  t.equal(add('2024-03-31T00:00:00Z', '-P1M'), '2024-02-29T00:00:00.000Z');
  t.equal(add('2024-01-01T00:00:00Z', '-PT1S'), '2023-12-31T23:59:59.000Z');
});
