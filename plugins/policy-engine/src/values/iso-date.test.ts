import t from 'tap';
import { parseIsoDate } from './iso-date.ts';

const ms = (text: string) => {
  const instant = parseIsoDate(text);
  return instant?.kind === 'dateTime' ? new Date(instant.ms).toISOString() : instant;
};

t.test('date-times, with optional seconds, fractions and offsets; no offset means UTC', async (t) => {
  t.equal(ms('2023-12-31T06:00Z'), '2023-12-31T06:00:00.000Z');
  t.equal(ms('2023-12-31T06:00'), '2023-12-31T06:00:00.000Z');
  t.equal(ms('2023-12-31T06:00:30.25+01:30'), '2023-12-31T04:30:30.250Z');
  t.equal(ms('2023-12-31T24:00:00Z'), '2024-01-01T00:00:00.000Z', '24:00:00 ends the day');
  t.equal(ms('2024-02-29T00:00:00-14:00'), '2024-02-29T14:00:00.000Z');
});

t.test('dates stand for a day, whatever their offset', async (t) => {
  t.same(parseIsoDate('2024-02-29'), { kind: 'date', day: '2024-02-29' });
  t.same(parseIsoDate('2024-02-29+05:00'), { kind: 'date', day: '2024-02-29' });
});

t.test('anything else is not a date', async (t) => {
  for (const text of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-01-01T25:00Z', '2024-01-01T24:00:01Z', '2024-01-01T10:60Z', '2024-01-01T10:00:61Z', '2024-01-01T10:00+15:00', '2024-01-01T10:00+14:30', '2024-1-1', 'soon', '1704067200']) {
    t.equal(parseIsoDate(text), undefined, text);
  }
});
