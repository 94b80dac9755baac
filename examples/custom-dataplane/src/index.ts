export { createCsvDataPlane, CSV_PULL, type CsvDataPlane, type CsvDataPlaneOptions } from './create-csv-data-plane.ts';
export { csvRows } from './generated-csv.ts';
