/**
 * The HTTP STS on the protocol context, `POST /sts/token`, for STS clients outside the runtime
 * (the DCP TCK among them): the OAuth 2 client credentials grant of the DCP STS API
 * (`specifications/identity-trust-sts-api.yaml`). The client id is the participant context id,
 * the client secret the one set through the identity API. The answer's `access_token` is the
 * participant's self-issued ID token, as the SecureTokenService signs it.
 */
import Router from '@koa/router';
import { ProblemError, problems, setRequestTenant } from '@tdss/sdk';
import type { Context } from 'koa';
import { isParticipantId } from '../participants/participant-id.ts';
import type { SecureTokenService } from '../sts/secure-token-service.ts';
import type { StsClientSecrets } from '../sts/sts-client-secrets.ts';

export const STS_TOKEN_PATH = '/sts/token';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MAX_FORM_BYTES = 16 * 1024;

export function createStsTokenRouter(services: { sts: () => SecureTokenService; clientSecrets: () => StsClientSecrets }): Router {
  const router = new Router();
  router.post(STS_TOKEN_PATH, async (ctx) => {
    const form = await readForm(ctx);
    const field = (name: string) => {
      const values = form.getAll(name);
      if (values.length > 1) throw problems.badRequest(`${name} must be given once`);
      return values[0];
    };
    if (field('grant_type') !== 'client_credentials') throw problems.badRequest('grant_type must be client_credentials');
    const clientId = field('client_id') ?? '';
    const clientSecret = field('client_secret') ?? '';
    // One answer for an unknown client and a wrong secret: the endpoint does not tell which ids exist.
    if (!isParticipantId(clientId) || !(await services.clientSecrets().matches(clientId, clientSecret))) {
      throw problems.unauthorized('invalid client credentials');
    }
    setRequestTenant(clientId);
    const audience = field('audience');
    if (!audience) throw problems.badRequest('audience is required: the DID the token is for');
    const scopes = (field('bearer_access_scope') ?? '').split(' ').filter((scope) => scope !== '');
    const token = field('token');
    const issued = await services.sts().createToken(clientId, {
      audience,
      ...(scopes.length > 0 ? { bearerAccessScopes: scopes } : {}),
      ...(token ? { token } : {}),
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.round((issued.expiresAt.getTime() - Date.now()) / 1000)),
    };
  });
  return router;
}

/** The form body, read here because the HTTP plugin parses only JSON; reading stops at the limit. */
async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.request.is(FORM_TYPE)) {
    throw new ProblemError(415, `expected a form body (${FORM_TYPE}), found ${ctx.get('content-type') || 'no content type'}`, {
      type: 'unsupported-media-type',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new ProblemError(413, `the form body is larger than ${MAX_FORM_BYTES} bytes`, { type: 'payload-too-large' });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
