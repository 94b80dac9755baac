import type { Context } from 'koa';
import t from 'tap';
import { sendPage } from './send-page.ts';

function fakeContext(originalUrl: string) {
  const headers: Record<string, string> = {};
  const ctx = {
    originalUrl,
    querystring: originalUrl.split('?')[1] ?? '',
    body: undefined as unknown,
    set: (name: string, value: string) => void (headers[name] = value),
  };
  return { ctx: ctx as unknown as Context & { body: unknown }, headers };
}

t.test('answers the items with the total and links to the neighbouring pages', async (t) => {
  const { ctx, headers } = fakeContext('/management/v1/things?state=A&offset=10&limit=10');
  sendPage(ctx, { items: ['k'], total: 25, offset: 10, limit: 10 });
  t.same(ctx.body, ['k']);
  t.equal(headers['x-total-count'], '25');
  t.equal(
    headers.link,
    '</management/v1/things?state=A&offset=20&limit=10>; rel="next", </management/v1/things?state=A&offset=0&limit=10>; rel="prev"',
  );
});

t.test('the first and only page has no links; items can be mapped for output', async (t) => {
  const { ctx, headers } = fakeContext('/x');
  sendPage(ctx, { items: [{ a: 1 }], total: 1, offset: 0, limit: 50 }, ['mapped']);
  t.equal(headers.link, undefined);
  t.same(ctx.body, ['mapped']);
});
