/**
 * Lists answer a JSON array, as EDC's management API does, with the total in `X-Total-Count`
 * and RFC 8288 `Link` headers to the next and previous pages, so clients page without knowing
 * the parameters.
 */
import type { Context } from 'koa';
import type { Page } from '../services/database.ts';
import { requestPath } from './request-path.ts';

export function sendPage<T>(ctx: Context, page: Page<T>, items: unknown[] = page.items): void {
  ctx.set('x-total-count', String(page.total));
  const links: string[] = [];
  const link = (offset: number, rel: string) => {
    const params = new URLSearchParams(ctx.querystring);
    params.set('offset', String(offset));
    params.set('limit', String(page.limit));
    links.push(`<${requestPath(ctx)}?${params}>; rel="${rel}"`);
  };
  if (page.offset + page.limit < page.total) link(page.offset + page.limit, 'next');
  if (page.offset > 0) link(Math.max(0, page.offset - page.limit), 'prev');
  if (links.length) ctx.set('link', links.join(', '));
  ctx.body = items;
}
