import type { IncomingMessage, ServerResponse } from 'node:http';
import t from 'tap';
import { dispatchByPath } from './dispatch-by-path.ts';

function dispatcher(paths: string[]) {
  let taken = '';
  const handle = dispatchByPath(
    paths.map((path) => ({ path, listener: () => void (taken = path === '' ? 'root' : path) })),
    () => void (taken = 'fallback'),
  );
  return (url: string) => {
    handle({ url } as IncomingMessage, {} as ServerResponse);
    return taken;
  };
}

t.test('longest prefix on segment boundaries, root last, fallback without root', async (t) => {
  const withRoot = dispatcher(['', '/api', '/api/dsp', '/public']);
  t.equal(withRoot('/api/dsp/catalog'), '/api/dsp');
  t.equal(withRoot('/api/dsp'), '/api/dsp');
  t.equal(withRoot('/api/dspx'), '/api');
  t.equal(withRoot('/api?x=/api/dsp'), '/api', 'the query does not count');
  t.equal(withRoot('/publication'), 'root');
  t.equal(withRoot('/metrics'), 'root');
  t.equal(withRoot('http://example.com/public/x'), '/public', 'absolute-form targets');

  const noRoot = dispatcher(['/protocol']);
  t.equal(noRoot('/protocol/x'), '/protocol');
  t.equal(noRoot('/management/x'), 'fallback');
  t.equal(noRoot('*'), 'fallback');
});
