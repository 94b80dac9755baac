import t from 'tap';
import { ProblemError, problems, statusTitle, TdssError } from './errors.ts';

t.test('a TdssError describes who, what and what to do', async (t) => {
  const cause = new Error('root');
  const error = new TdssError('store is down', { code: 'X_DOWN', plugin: '@acme/store', hint: 'start PostgreSQL', cause });
  t.match(error, { name: 'TdssError', code: 'X_DOWN', plugin: '@acme/store', hint: 'start PostgreSQL', cause });
  t.equal(error.describe(), '[@acme/store] store is down\n  → start PostgreSQL');
  t.equal(new TdssError('plain', { code: 'X' }).describe(), 'plain');
  t.notOk('cause' in new TdssError('plain', { code: 'X' }), 'no cause property when none was given');
});

t.test('a ProblemError renders RFC 9457 problem details', async (t) => {
  const error = new ProblemError(409, 'asset a-1 exists', { type: 'conflict', extensions: { assetId: 'a-1' } });
  t.same(error.toProblem('/management/assets'), {
    assetId: 'a-1',
    type: 'https://tdss.dev/problems/conflict',
    title: 'Conflict',
    status: 409,
    detail: 'asset a-1 exists',
    instance: '/management/assets',
  });
  t.same(new ProblemError(418, 'tea').toProblem(), { type: 'about:blank', title: 'Error', status: 418, detail: 'tea' });
});

t.test('extensions cannot override the standard members', async (t) => {
  const problem = new ProblemError(400, 'bad', { extensions: { status: 200, type: 'x', title: 'ok', detail: 'fine' } }).toProblem();
  t.match(problem, { status: 400, type: 'about:blank', title: 'Bad Request', detail: 'bad' });
});

t.test('problem shortcuts set status and type', async (t) => {
  t.match(problems.badRequest('b', { field: 'name' }).toProblem(), { status: 400, type: 'https://tdss.dev/problems/bad-request', field: 'name' });
  t.match(problems.unauthorized('u').toProblem(), { status: 401, title: 'Unauthorized' });
  t.match(problems.forbidden('f').toProblem(), { status: 403 });
  t.match(problems.notFound('n').toProblem(), { status: 404, type: 'https://tdss.dev/problems/not-found' });
  t.match(problems.conflict('c').toProblem(), { status: 409 });
  t.match(problems.unavailable('s').toProblem(), { status: 503, title: 'Service Unavailable' });
  t.equal(statusTitle(422), 'Unprocessable Content');
  t.equal(statusTitle(599), 'Error');
});
