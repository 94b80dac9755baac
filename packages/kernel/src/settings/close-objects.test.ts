import { Type } from '@tdss/sdk';
import t from 'tap';
import { closeObjects } from './close-objects.ts';

t.test('closes nested objects, also inside unions and arrays, and leaves the original alone', async (t) => {
  const schema = Type.Object({
    a: Type.Object({ b: Type.String() }),
    list: Type.Array(Type.Object({ c: Type.String() })),
    either: Type.Union([Type.Object({ d: Type.String() }), Type.Null()]),
  });
  const closed = closeObjects(schema) as Record<string, any>;
  t.equal(closed.additionalProperties, false);
  t.equal(closed.properties.a.additionalProperties, false);
  t.equal(closed.properties.list.items.additionalProperties, false);
  t.equal(closed.properties.either.anyOf[0].additionalProperties, false);
  t.equal(closed.properties.either.anyOf[1].additionalProperties, undefined, 'only objects are closed');
  t.equal((schema as Record<string, any>).additionalProperties, undefined);
  t.equal((schema as Record<string, any>).properties.a.additionalProperties, undefined);
});

t.test('keeps maps open that say so', async (t) => {
  const schema = Type.Object({
    record: Type.Record(Type.String(), Type.Object({ x: Type.Number() })),
    open: Type.Object({}, { additionalProperties: true }),
    typed: Type.Object({}, { additionalProperties: Type.Object({ y: Type.Number() }) }),
  });
  const closed = closeObjects(schema) as Record<string, any>;
  t.equal(closed.properties.record.additionalProperties, undefined);
  const [recordValue] = Object.values(closed.properties.record.patternProperties) as Array<Record<string, any>>;
  t.equal(recordValue!.additionalProperties, false, 'the values of a record are still closed');
  t.equal(closed.properties.open.additionalProperties, true);
  t.equal(closed.properties.typed.additionalProperties.additionalProperties, false);
});
