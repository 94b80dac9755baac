/**
 * The catalog HTTPS binding of DSP 2025-1 under each participant's DSP base:
 * `POST <base>/catalog/request` and `GET <base>/catalog/datasets/:id`. Every route runs behind
 * verifyDspRequest, so it knows the participant and the verified counterparty.
 *
 * Pagination follows the binding: `Link` headers with `rel="next"` and `rel="previous"`. Their
 * URLs are the catalog request endpoint with `offset` and `limit` query parameters, to which the
 * consumer posts the same CatalogRequestMessage again; without them the first `pageSize` datasets
 * are answered.
 */
import Router from '@koa/router';
import type { DspJsonLd } from '@tdss/json-ld';
import { type DspIdentityService, readJsonBody, readPageQuery } from '@tdss/sdk';
import type { Context } from 'koa';
import { DSP_ROUTE_PREFIX } from '../protocol/dsp-paths.ts';
import { dspState, verifyDspRequest } from '../protocol/verify-dsp-request.ts';
import type { CatalogPage, Catalogs, ParticipantContexts } from '../tokens.ts';
import { catalogErrorBody } from './catalog-error-body.ts';
import { sendsFilter } from './sent-filter.ts';

export interface CatalogProtocolRoutesOptions {
  contexts: () => ParticipantContexts;
  identity: () => DspIdentityService;
  catalogs: () => Catalogs;
  jsonLd: DspJsonLd;
  /** The participant's absolute DSP 2025-1 base URL. */
  dspBase(participantContextId: string): string;
  pageSize: number;
}

export function createCatalogProtocolRoutes(options: CatalogProtocolRoutesOptions): Router {
  const { jsonLd, catalogs } = options;
  const router = new Router({ prefix: DSP_ROUTE_PREFIX });
  router.use(catalogErrorBody(jsonLd));
  router.use(verifyDspRequest(options.contexts, options.identity));

  router.post('/catalog/request', async (ctx) => {
    const { participant, counterparty } = dspState(ctx.state);
    const page = readPageQuery(ctx.query, { defaultLimit: options.pageSize });
    const body = readJsonBody(ctx);
    const message = await jsonLd.read(body, 'CatalogRequestMessage');
    const filter = sendsFilter(body) ? message.filter : undefined;
    const answer = await catalogs().catalog(participant, counterparty, { ...(filter ? { filter } : {}), offset: page.offset, limit: page.limit });
    setPageLinks(ctx, `${options.dspBase(participant.id)}/catalog/request`, answer);
    ctx.body = answer.catalog;
  });

  router.get('/catalog/datasets/:id', async (ctx) => {
    const { participant, counterparty } = dspState(ctx.state);
    ctx.body = await catalogs().dataset(participant, counterparty, ctx.params.id!);
  });

  return router;
}

function setPageLinks(ctx: Context, endpoint: string, page: CatalogPage): void {
  const link = (offset: number, rel: string) => `<${endpoint}?offset=${offset}&limit=${page.limit}>; rel="${rel}"`;
  const links: string[] = [];
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'previous'));
  if (page.offset + page.limit < page.total) links.push(link(page.offset + page.limit, 'next'));
  if (links.length) ctx.set('link', links.join(', '));
}
