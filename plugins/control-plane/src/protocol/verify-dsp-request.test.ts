import Router from '@koa/router';
import http from '@tdss/http';
import { definePlugin, type DspIdentityService, HttpRoutes, HttpServer, ProblemError, currentRequestScope } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { startTestRuntime } from '@tdss/testing';
import t from 'tap';
import controlPlane from '../index.ts';
import { ParticipantContexts } from '../tokens.ts';
import { DSP_ROUTE_PREFIX } from './dsp-paths.ts';
import { dspState, verifyDspRequest } from './verify-dsp-request.ts';

/** Accepts `Bearer <participant id>` when the audience matches, like a real service would check a token. */
const identity: DspIdentityService = {
  async verify({ authorization, audience }) {
    const caller = /^Bearer (\S+) for (\S+)$/.exec(authorization ?? '');
    if (!caller || caller[2] !== audience) throw new ProblemError(401, 'not for you');
    return { participantId: caller[1]!, claims: { level: 'gold' } };
  },
  authorize: async () => 'unused',
};

const probe = definePlugin({
  name: 'probe',
  version: '1.0.0',
  requires: [ParticipantContexts],
  contributes: [HttpRoutes],
  register(ctx) {
    const router = new Router({ prefix: DSP_ROUTE_PREFIX });
    router.use(verifyDspRequest(ctx.lazy(ParticipantContexts), () => identity));
    router.get('/whoami', (c) => {
      const { participant, counterparty } = dspState(c.state);
      c.body = { participant: participant.id, counterparty, tenant: currentRequestScope()?.tenantId };
    });
    ctx.contribute(HttpRoutes, { context: 'protocol', router });
  },
});

t.test('a DSP request reaches its handler only for an active participant and a verified counterparty', async (t) => {
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: storeSql }, { plugin: controlPlane }, { plugin: probe }],
  });
  const contexts = runtime.get(ParticipantContexts);
  await contexts.create({ id: 'acme', participantId: 'did:web:acme' });
  const base = `${runtime.get(HttpServer).url('protocol')}/acme/2025-1`;
  const call = (authorization?: string, url = `${base}/whoami`) => fetch(url, authorization ? { headers: { authorization } } : {});

  const ok = await call('Bearer did:web:consumer for did:web:acme');
  t.equal(ok.status, 200);
  t.same(await ok.json(), { participant: 'acme', counterparty: { participantId: 'did:web:consumer', claims: { level: 'gold' } }, tenant: 'acme' });

  t.equal((await call()).status, 401, 'no token');
  t.equal((await call('Bearer did:web:consumer for did:web:other')).status, 401, 'a token for another audience');
  t.equal((await call('Bearer x for did:web:acme', `${runtime.get(HttpServer).url('protocol')}/nobody/2025-1/whoami`)).status, 404);
  await contexts.setState('acme', 'DEACTIVATED');
  t.equal((await call('Bearer did:web:consumer for did:web:acme')).status, 404, 'a deactivated participant answers nothing');
});
