/**
 * A pull data plane for the `Csv-PULL` transfer type: the provider's asset says how many rows
 * (`{ type: 'GeneratedCsv', rows }`), the consumer pulls them from `<publicUrl>/data/<flowId>`
 * with the bearer token of its data address. Once a consumer has read the whole CSV the flow is
 * completed and the control plane told, which completes the transfer on both sides.
 */
import { pipeline } from 'node:stream/promises';
import Router from '@koa/router';
import { bearerToken, createDataPlane, createFlowTokens, type DataFlow, type DataPlane } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';
import { csvRows } from './generated-csv.ts';

export const CSV_PULL = 'Csv-PULL';

export interface CsvDataPlaneOptions {
  id: string;
  /** Where consumers reach `data` (the router below), e.g. `http://127.0.0.1:8181/public`. */
  publicUrl: () => string;
  /** The HMAC key of the pull tokens, at least 32 bytes. */
  tokenSecret: string;
}

export interface CsvDataPlane {
  plane: DataPlane;
  /** `GET /data/:flowId`: mount it at `publicUrl`. */
  data: Router;
}

function rowsOf(flow: DataFlow): number {
  const source = flow.metadata.sourceDataAddress as { type?: unknown; rows?: unknown } | undefined;
  if (source?.type !== 'GeneratedCsv' || !Number.isInteger(source.rows) || (source.rows as number) < 0) {
    throw problems.badRequest('the asset\'s data address must be { type: "GeneratedCsv", rows: <integer> }');
  }
  return source.rows as number;
}

export function createCsvDataPlane(options: CsvDataPlaneOptions): CsvDataPlane {
  const tokens = createFlowTokens({ secret: options.tokenSecret, issuer: options.id });
  const address = async (flow: DataFlow) => {
    rowsOf(flow);
    const { accessToken } = await tokens.issue(flow.id, flow.tokenGeneration);
    return {
      dataAddress: {
        endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
        endpoint: `${options.publicUrl()}/data/${encodeURIComponent(flow.id)}`,
        endpointProperties: [
          { name: 'authorization', value: accessToken },
          { name: 'authType', value: 'bearer' },
        ],
      },
    };
  };
  const plane = createDataPlane({ id: options.id, transferTypes: [{ profile: CSV_PULL, flow: 'PULL' }], onStart: address, onResume: address });

  const data = new Router();
  data.get('/data/:flowId', async (ctx) => {
    const token = await tokens.verifyAccess(bearerToken(ctx.get('authorization')));
    if (token.flowId !== ctx.params.flowId) throw problems.forbidden('the token belongs to another transfer');
    const flow = await plane.flow(token.flowId);
    if (flow?.state !== 'STARTED') throw problems.forbidden(`the data flow is ${flow?.state ?? 'unknown'}`);
    if (flow.tokenGeneration !== token.generation) throw problems.unauthorized('the token was replaced; use the latest data address');
    ctx.respond = false;
    ctx.res.writeHead(200, { 'content-type': 'text/csv' });
    await pipeline(csvRows(flow.datasetId, rowsOf(flow)), ctx.res);
    // Finite data, read whole: the flow is done.
    await plane.completed(flow.id);
  });
  return { plane, data };
}
