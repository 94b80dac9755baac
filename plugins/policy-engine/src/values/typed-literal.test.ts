import t from 'tap';
import { readTypedLiteral } from './typed-literal.ts';

t.test('the xsd datatype decides how a literal compares', async (t) => {
  t.same(readTypedLiteral('5.00', 'xsd:decimal'), { kind: 'number', value: 5 });
  t.same(readTypedLiteral('12', 'http://www.w3.org/2001/XMLSchema#integer'), { kind: 'number', value: 12 });
  t.same(readTypedLiteral(7, 'xsd:int'), { kind: 'number', value: 7 });
  t.same(readTypedLiteral('2024-01-01', 'xsd:date'), { kind: 'date', day: '2024-01-01' });
  t.same(readTypedLiteral('2024-01-01T00:00:00Z', 'xsd:dateTimeStamp'), { kind: 'dateTime', ms: Date.parse('2024-01-01T00:00:00Z') });
  t.match(readTypedLiteral('P1D', 'xsd:dayTimeDuration'), { kind: 'duration', text: 'P1D' });
  t.same(readTypedLiteral('1', 'xsd:boolean'), { kind: 'boolean', value: true });
  t.same(readTypedLiteral('false', 'xsd:boolean'), { kind: 'boolean', value: false });
  t.same(readTypedLiteral('EU', 'xsd:string'), { kind: 'string', value: 'EU' });
  t.same(readTypedLiteral('EU', 'http://example.org/Region'), { kind: 'string', value: 'EU' }, 'an unknown datatype compares as a string');
  t.same(readTypedLiteral(3, undefined), { kind: 'number', value: 3 });
  t.same(readTypedLiteral(true, undefined), { kind: 'boolean', value: true });
});

t.test('a literal its datatype does not allow is unreadable', async (t) => {
  t.match(readTypedLiteral('five', 'xsd:integer'), { unreadable: '"five" is not a number (xsd:integer)' });
  t.match(readTypedLiteral('tomorrow', 'xsd:dateTime'), { unreadable: /not an ISO 8601 date/ });
  t.match(readTypedLiteral('1 day', 'xsd:duration'), { unreadable: /not an ISO 8601 duration/ });
  t.match(readTypedLiteral('yes', 'xsd:boolean'), { unreadable: /not a boolean/ });
});
