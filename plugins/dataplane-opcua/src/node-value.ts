/** A node's value as consumers get it in JSON, from a node-opcua DataValue (a read or a data change). */
import { type DataValue, DataType } from 'node-opcua-client';

export interface NodeValue {
  nodeId: string;
  value: unknown;
  /** The OPC UA built-in type (`Int32`, `Double`, `String`, …); `Null` without a value. */
  dataType: string;
  /** Array, Matrix or Scalar. */
  arrayType: string;
  sourceTimestamp: string | null;
  serverTimestamp: string | null;
  statusCode: { value: number; name: string };
}

/** JSON of variant contents: dates as ISO strings, bytes as base64, 64-bit integers and bigints as strings, typed arrays as arrays. */
function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, toJson);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown; toString: () => string };
    // NodeId, QualifiedName, LocalizedText, extension objects: their own JSON form.
    return typeof withJson.toJSON === 'function' ? withJson.toJSON() : withJson.toString();
  }
  return value;
}

export function nodeValue(nodeId: string, dataValue: DataValue): NodeValue {
  const variant = dataValue.value;
  const dataType = DataType[variant?.dataType ?? DataType.Null] ?? 'Null';
  // A 64-bit integer is a [high, low] pair in node-opcua: one decimal string is what JSON can carry.
  const int64 = variant && (variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) && variant.arrayType === 0;
  const value = int64 ? ((BigInt((variant.value as number[])[0]!) << 32n) + BigInt((variant.value as number[])[1]!)).toString() : toJson(variant?.value);
  return {
    nodeId,
    value,
    dataType,
    arrayType: ['Scalar', 'Array', 'Matrix'][variant?.arrayType ?? 0] ?? 'Scalar',
    sourceTimestamp: dataValue.sourceTimestamp?.toISOString() ?? null,
    serverTimestamp: dataValue.serverTimestamp?.toISOString() ?? null,
    statusCode: { value: dataValue.statusCode.value, name: dataValue.statusCode.name },
  };
}
