import Router from '@koa/router';
import t from 'tap';
import { routesPlugin, startHttp } from './test-support/http-test-kit.ts';

function assetRouter(): Router {
  const router = new Router();
  router.get('/assets/:id', (ctx) => {
    ctx.body = { id: ctx.params.id };
  });
  return router;
}

t.test('/metrics serves the runtime registry with request metrics labelled by route template', async (t) => {
  const { url } = await startHttp(t, { plugins: [routesPlugin('test-assets', [{ context: 'management', router: assetRouter() }])] });
  for (const id of ['1', '2', '3']) t.equal((await fetch(`${url('management')}/assets/${id}`)).status, 200);
  t.equal((await fetch(`${url('management')}/no/such/thing`)).status, 404);

  // Samples are taken when a response closes, which may trail the client's read by a tick.
  let text = '';
  for (let attempt = 0; attempt < 50 && !text.includes('status="404"'); attempt++) {
    const response = await fetch(`${url('observability')}/metrics`);
    t.equal(response.status, 200);
    t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    text = await response.text();
  }
  t.match(text, /^tdss_http_requests_total\{[^}]*context="management",method="GET",route="\/management\/assets\/:id",status="200"[^}]*\} 3$/m);
  t.match(text, /^tdss_http_requests_total\{[^}]*context="management",method="GET",route="unmatched",status="404"[^}]*\} 1$/m);
  t.match(text, /^tdss_http_request_duration_seconds_count\{[^}]*route="\/management\/assets\/:id"[^}]*\} 3$/m);
  t.match(text, /^tdss_http_request_duration_seconds_bucket\{le="0\.005",[^}]*\} \d+$/m, 'a histogram');
  t.match(text, /runtime="tdss"/, 'the registry default labels apply');
  t.match(text, /^process_cpu_user_seconds_total/m, 'the registry of the runtime, with its default metrics');
  t.notMatch(text, /assets\/1|no\/such/, 'raw paths never become label values');
});
