/**
 * The identity API of the management context, per participant: its DIDs and its key pairs.
 * Participant ids come from the path; every call reaches that participant's rows only.
 */
import Router from '@koa/router';
import { readPageQuery, requestPath, sendPage, tenantScoped } from '@tdss/sdk';
import type { DidService } from '../did/did-service.ts';
import type { KeyAlgorithm, KeyPairState } from '../keys/key-pair.ts';
import type { KeyService } from '../keys/key-service.ts';
import { routeParticipants } from './participant-param.ts';
import { objectBody, optionalBoolean, optionalString, requestBody } from './request-input.ts';

export const PARTICIPANT = '/v1/participants/:participantId';

export function createManagementRouter(services: { keys: () => KeyService; dids: () => DidService }): Router {
  const router = new Router();
  routeParticipants(router);
  // A tenant-scoped principal reaches these routes for its own participant only.
  router.use(PARTICIPANT, tenantScoped('participantId'));

  router.get(`${PARTICIPANT}/dids`, async (ctx) => {
    const { offset, limit } = readPageQuery(ctx.query);
    sendPage(ctx, await services.dids().list(ctx.params.participantId!, { offset, limit }));
  });

  router.get(`${PARTICIPANT}/dids/:did`, async (ctx) => {
    const { participantId, did } = ctx.params as { participantId: string; did: string };
    const record = await services.dids().get(participantId, did);
    ctx.body = { ...record, document: await services.dids().document(participantId) };
  });

  router.get(`${PARTICIPANT}/keypairs`, async (ctx) => {
    const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['state'] });
    const state = filters.state as KeyPairState | undefined;
    sendPage(ctx, await services.keys().list(ctx.params.participantId!, { offset, limit, ...(state === undefined ? {} : { state }) }));
  });

  router.post(`${PARTICIPANT}/keypairs`, async (ctx) => {
    const body = objectBody(requestBody(ctx), ['algorithm', 'keyId', 'activate']);
    const activate = optionalBoolean(body, 'activate');
    const created = await services.keys().create(ctx.params.participantId!, {
      ...newKeyPair(body),
      ...(activate === undefined ? {} : { activate }),
    });
    ctx.status = 201;
    ctx.set('Location', `${requestPath(ctx)}/${created.id}`);
    ctx.body = created;
  });

  router.get(`${PARTICIPANT}/keypairs/:keyPairId`, async (ctx) => {
    ctx.body = await services.keys().get(ctx.params.participantId!, ctx.params.keyPairId!);
  });

  router.post(`${PARTICIPANT}/keypairs/:keyPairId/activate`, async (ctx) => {
    objectBody(requestBody(ctx), []);
    ctx.body = await services.keys().activate(ctx.params.participantId!, ctx.params.keyPairId!);
  });

  router.post(`${PARTICIPANT}/keypairs/:keyPairId/rotate`, async (ctx) => {
    const body = objectBody(requestBody(ctx), ['algorithm', 'keyId']);
    ctx.body = await services.keys().rotate(ctx.params.participantId!, ctx.params.keyPairId!, newKeyPair(body));
  });

  router.post(`${PARTICIPANT}/keypairs/:keyPairId/revoke`, async (ctx) => {
    objectBody(requestBody(ctx), []);
    ctx.body = await services.keys().revoke(ctx.params.participantId!, ctx.params.keyPairId!);
  });

  return router;
}

function newKeyPair(body: Record<string, unknown>): { algorithm?: KeyAlgorithm; keyId?: string } {
  const algorithm = optionalString(body, 'algorithm');
  const keyId = optionalString(body, 'keyId');
  return { ...(algorithm === undefined ? {} : { algorithm: algorithm as KeyAlgorithm }), ...(keyId === undefined ? {} : { keyId }) };
}
