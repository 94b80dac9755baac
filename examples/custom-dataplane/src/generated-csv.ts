/** The data this data plane serves: a CSV of `rows` generated rows, produced as it is read (any size, no buffer). */
import { Readable } from 'node:stream';

export function csvRows(datasetId: string, rows: number): Readable {
  return Readable.from(
    (function* () {
      yield 'row,dataset,value\n';
      for (let row = 1; row <= rows; row++) yield `${row},${datasetId},${(row * 7919) % 10_007}\n`;
    })(),
  );
}
