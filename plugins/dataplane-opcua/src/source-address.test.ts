import t from 'tap';
import { readSourceAddress } from './source-address.ts';

const base = { type: 'OpcUa', endpointUrl: 'opc.tcp://plant:4840', nodes: ['ns=1;s=A'] };

t.test('a minimal address: anonymous, no security, intervals from the settings', async (t) => {
  t.same(readSourceAddress(base), { endpointUrl: 'opc.tcp://plant:4840', nodes: ['ns=1;s=A'], browsePaths: [], securityMode: 'None', securityPolicy: 'None', identity: { type: 'Anonymous' } });
});

t.test('security, identities, browse paths and intervals are read', async (t) => {
  t.match(readSourceAddress({ ...base, nodes: 'ns=1;s=B', browsePaths: ['/Objects/1:Plant'], securityMode: 'SignAndEncrypt', samplingIntervalMs: '50', publishingIntervalMs: 500, identity: { type: 'UserName', userName: 'u', passwordSecret: 'p' } }), {
    nodes: ['ns=1;s=B'],
    browsePaths: ['/Objects/1:Plant'],
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    samplingIntervalMs: 50,
    publishingIntervalMs: 500,
    identity: { type: 'UserName', userName: 'u', passwordSecret: 'p' },
  });
  t.same(readSourceAddress({ ...base, securityMode: 'Sign', securityPolicy: 'Aes256_Sha256_RsaPss', identity: { type: 'X509', certificateSecret: 'c', privateKeySecret: 'k' } }).identity, { type: 'X509', certificateSecret: 'c', privateKeySecret: 'k' });
});

t.test('what cannot be served is a 400 naming the problem', async (t) => {
  const cases: [unknown, RegExp][] = [
    [{ ...base, type: 'HttpData' }, /type "HttpData" is not served/],
    [undefined, /type undefined is not served/],
    [{ ...base, endpointUrl: 'http://plant' }, /opc\.tcp:\/\/ endpointUrl/],
    [{ ...base, nodes: [] }, /nodes or browsePaths/],
    [{ ...base, nodes: [''] }, /nodes must be a list/],
    [{ ...base, securityMode: 'Encrypt' }, /securityMode must be one of None, Sign, SignAndEncrypt/],
    [{ ...base, securityPolicy: 'Basic256Sha256' }, /None goes with securityPolicy None/],
    [{ ...base, securityMode: 'Sign', securityPolicy: 'None' }, /None goes with securityPolicy None/],
    [{ ...base, samplingIntervalMs: -1 }, /samplingIntervalMs must be a non-negative integer/],
    [{ ...base, identity: { type: 'UserName', userName: 'u' } }, /identity\.passwordSecret is required/],
    [{ ...base, identity: { type: 'UserName', userName: 'u', password: 'clear' } }, /never in clear/],
    [{ ...base, identity: { type: 'X509', certificateSecret: 'c', privateKey: '-----BEGIN' } }, /never in clear/],
    [{ ...base, identity: { type: 'Kerberos' } }, /Anonymous, UserName or X509/],
    [{ ...base, identity: 'operator' }, /identity must be an object/],
  ];
  for (const [address, detail] of cases) {
    t.throws(() => readSourceAddress(address), { status: 400, message: detail }, String(detail));
  }
});
