#!/usr/bin/env node
/**
 * The CSV data plane as a service: `PORT` (8181), `HOST` (127.0.0.1), `PUBLIC_URL` (how consumers
 * reach it; `http://HOST:PORT` unless set), `TOKEN_SECRET` (required, 32+ bytes), `DATA_PLANE_ID`
 * (csv-data-plane). Register it with a TDSS control plane:
 * `PUT <management>/v1/dataplanes { dataplaneId, endpoint: "<url>/signaling", profiles: ["Csv-PULL"] }`.
 */
import { serveDataPlane } from '@tdss/dataplane-sdk';
import { createCsvDataPlane } from './create-csv-data-plane.ts';

const port = Number(process.env.PORT ?? 8181);
const host = process.env.HOST ?? '127.0.0.1';
const secret = process.env.TOKEN_SECRET;
if (!secret) {
  process.stderr.write('TOKEN_SECRET is required (32 bytes or more)\n');
  process.exit(1);
}
const publicUrl = process.env.PUBLIC_URL ?? `http://${host}:${port}`;
const { plane, data } = createCsvDataPlane({ id: process.env.DATA_PLANE_ID ?? 'csv-data-plane', publicUrl: () => `${publicUrl}/public`, tokenSecret: secret });
const served = await serveDataPlane({ port, host, routes: [{ path: '/signaling', router: plane.router }, { path: '/public', router: data }] });
process.stdout.write(`csv data plane: signaling ${served.url}/signaling, data ${publicUrl}/public\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void served.close().then(() => process.exit(0)));
