/**
 * The operator's bearer token in front of the tenant API. Tokens are compared as SHA-256 digests
 * with timingSafeEqual: constant time whatever their lengths, so timing tells nothing of the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { problems } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createAdminTokenGuard(adminToken: string | undefined): Middleware {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return async (ctx, next) => {
    if (expected === undefined) {
      throw problems.unauthorized(
        `the tenant API of ${PLUGIN_NAME} has no operator token configured: set the environment variable TDSS_ADMIN_TOKEN ` +
          `(all-in-one profile) or the setting adminToken of ${PLUGIN_NAME}, then send it as "Authorization: Bearer <token>"`,
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      ctx.set('www-authenticate', 'Bearer realm="tdss-tenants"');
      throw problems.unauthorized('the tenant API needs the operator token (TDSS_ADMIN_TOKEN) as "Authorization: Bearer <token>"');
    }
    await next();
  };
}
