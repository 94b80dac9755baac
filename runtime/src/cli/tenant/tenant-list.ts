/**
 * `tdss tenant list [--state S] [--name N] [--offset N] [--limit N]`: a page of tenants, the
 * total from X-Total-Count and, when there is one, the command that shows the next page (read
 * from the `next` Link, so it pages the way the server does).
 */
import { formatTenantTable } from './format-tenant.ts';
import { printJson, type TenantContext } from './tenant-context.ts';
import type { TenantJson } from './tenant-json.ts';
import { readCount } from './tenant-options.ts';

export async function listTenants(ctx: TenantContext): Promise<number> {
  const { values, io } = ctx;
  const offset = readCount('list', 'offset', values.offset);
  const limit = readCount('list', 'limit', values.limit);
  const query = new URLSearchParams();
  if (values.state !== undefined) query.set('state', values.state.toUpperCase());
  if (values.name !== undefined) query.set('name', values.name);
  if (offset !== undefined) query.set('offset', String(offset));
  if (limit !== undefined) query.set('limit', String(limit));
  const { body: tenants, headers } = await ctx.client.call<TenantJson[]>('GET', query.size ? `?${query}` : '');
  const total = Number(headers.get('x-total-count') ?? tenants.length);
  const next = nextPage(headers.get('link'));
  if (ctx.output === 'json') {
    printJson(io, { total, items: tenants, next: next ?? null });
    return 0;
  }
  const from = offset ?? 0;
  if (tenants.length === 0) {
    io.out(total ? `no tenants from offset ${from}: there are ${total}` : `no tenants${query.has('state') || query.has('name') ? ' match' : ''}`);
    return 0;
  }
  for (const line of formatTenantTable(tenants)) io.out(line);
  const shown = `${from + 1}-${from + tenants.length} of ${total} tenant${total === 1 ? '' : 's'}`;
  io.out(next ? `${shown}; next page: ${nextCommand(query, next)}` : shown);
  return 0;
}

function nextPage(link: string | null): { offset: number; limit: number } | undefined {
  const href = link && /<([^>]*)>\s*;\s*rel="next"/.exec(link)?.[1];
  if (!href) return undefined;
  const params = new URL(href, 'http://link.invalid').searchParams;
  return { offset: Number(params.get('offset')), limit: Number(params.get('limit')) };
}

function nextCommand(query: URLSearchParams, next: { offset: number; limit: number }): string {
  // Names are unique, so a name filter never has a second page: only the state carries over.
  const state = query.get('state');
  return `tdss tenant list ${state === null ? '' : `--state ${state} `}--offset ${next.offset} --limit ${next.limit}`;
}
