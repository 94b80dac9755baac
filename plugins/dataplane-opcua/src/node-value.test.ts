import { DataType, DataValue, StatusCodes, Variant, VariantArrayType } from 'node-opcua-client';
import t from 'tap';
import { nodeValue } from './node-value.ts';

const at = new Date('2026-01-02T03:04:05.678Z');
const of = (variant: Variant, statusCode = StatusCodes.Good) => nodeValue('ns=1;s=X', new DataValue({ value: variant, sourceTimestamp: at, serverTimestamp: at, statusCode }));

t.test('scalars keep their JSON value, type and timestamps', async (t) => {
  t.same(of(new Variant({ dataType: DataType.Double, value: 21.5 })), {
    nodeId: 'ns=1;s=X', value: 21.5, dataType: 'Double', arrayType: 'Scalar', sourceTimestamp: at.toISOString(), serverTimestamp: at.toISOString(), statusCode: { value: 0, name: 'Good' },
  });
  t.match(of(new Variant({ dataType: DataType.Boolean, value: true })), { value: true, dataType: 'Boolean' });
  t.match(of(new Variant({ dataType: DataType.DateTime, value: at })), { value: at.toISOString(), dataType: 'DateTime' });
  t.match(of(new Variant({ dataType: DataType.ByteString, value: Buffer.from('hi') })), { value: 'aGk=', dataType: 'ByteString' });
});

t.test('64-bit integers are decimal strings, arrays are JSON arrays', async (t) => {
  t.match(of(new Variant({ dataType: DataType.Int64, arrayType: VariantArrayType.Scalar, value: [1, 2] })), { value: String(2 ** 32 + 2), dataType: 'Int64' });
  t.match(of(new Variant({ dataType: DataType.Int64, arrayType: VariantArrayType.Scalar, value: [-1, 0xfffffffe] })), { value: '-2' });
  t.same(of(new Variant({ dataType: DataType.Float, arrayType: VariantArrayType.Array, value: new Float32Array([1.5, 2.5]) })).value, [1.5, 2.5]);
  t.match(of(new Variant({ dataType: DataType.Int32, arrayType: VariantArrayType.Array, value: [1, 2, 3] })), { value: [1, 2, 3], arrayType: 'Array' });
});

t.test('a bad status without a value', async (t) => {
  t.match(nodeValue('ns=1;s=Y', new DataValue({ statusCode: StatusCodes.BadNodeIdUnknown })), { value: null, dataType: 'Null', statusCode: { name: 'BadNodeIdUnknown' }, sourceTimestamp: null });
});
