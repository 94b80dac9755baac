/**
 * A Koa application of its own that embeds TDSS: TDSS opens no port, and the host hands every
 * request under its mount path to TDSS's handler with the prefix removed.
 */
import Router from '@koa/router';
import { launch, type LaunchOptions, type TdssHandle } from '@tdss/runtime';
import Koa from 'koa';

export interface HostOptions extends LaunchOptions {
  /** The TDSS profile: a built-in name or a file. */
  profile?: string;
  /** Where TDSS's API appears in the host's URL space. */
  mountPath?: string;
  /** The host's own base URL as clients reach it: TDSS's URLs (DIDs, DSP addresses) are built on it. */
  publicUrl: string;
}

export interface Host {
  app: Koa;
  tdss: TdssHandle;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const mountPath = (options.mountPath ?? '/tdss').replace(/\/$/, '');
  const http = { listen: false, publicUrl: `${options.publicUrl.replace(/\/$/, '')}${mountPath}`, ...(options.settings?.['@tdss/http'] as object) };
  const tdss = await launch(options.profile ?? 'all-in-one', { ...options, settings: { ...options.settings, '@tdss/http': http } });

  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.path !== mountPath && !ctx.path.startsWith(`${mountPath}/`)) return next();
    // TDSS writes the response itself; Koa must not touch it afterwards.
    ctx.respond = false;
    ctx.req.url = ctx.req.url!.slice(mountPath.length) || '/';
    tdss.handler(ctx.req, ctx.res);
  });

  const router = new Router();
  router.get('/', (ctx) => {
    ctx.body = { app: 'embedded-host example', tdss: `${mountPath}/health/ready` };
  });
  app.use(router.routes()).use(router.allowedMethods());
  return { app, tdss };
}
