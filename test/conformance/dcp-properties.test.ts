import t from 'tap';
import { DCP_SUITES, dcpCredentialServiceProperties, dcpIssuerProperties, dcpVerifierProperties, isDcpSuite, kitIssuerDid } from './dcp-properties.ts';
import { toPropertiesText } from './dsp-properties.ts';

const KIT_SERVER = {
  'dataspacetck.launcher': 'org.eclipse.dataspacetck.dcp.system.DcpSystemLauncher',
  'dataspacetck.host': '127.0.0.1',
  'dataspacetck.port': '18084',
  'dataspacetck.callback.address': 'http://127.0.0.1:18084',
};

t.test('a credential service run points the kit at the holder and its STS', async (t) => {
  const properties = dcpCredentialServiceProperties({
    callbackPort: 18084,
    holderDid: 'did:web:127.0.0.1%3A9000:identity:holder',
    stsUrl: 'http://127.0.0.1:9000/protocol/sts',
    stsClientId: 'holder',
    stsClientSecret: 's3cr3t=x',
  });
  t.same(properties, {
    ...KIT_SERVER,
    'dataspacetck.did.holder': 'did:web:127.0.0.1%3A9000:identity:holder',
    'dataspacetck.sts.url': 'http://127.0.0.1:9000/protocol/sts',
    'dataspacetck.sts.client.id': 'holder',
    'dataspacetck.sts.client.secret': 's3cr3t=x',
  });
  t.match(toPropertiesText(properties), /^dataspacetck\.sts\.client\.secret=s3cr3t\\=x$/m, 'values are escaped for Properties.load');
  t.equal(kitIssuerDid(18084), 'did:web:127.0.0.1%3A18084:issuer', 'the issuer DID the kit serves at its callback address');
});

t.test('a verifier run names the verifier and its trigger, and no STS (the kit signs its holder tokens itself)', async (t) => {
  const properties = dcpVerifierProperties({
    callbackPort: 18084,
    verifierDid: 'did:web:127.0.0.1%3A9000:identity:verifier',
    triggerEndpoint: 'http://127.0.0.1:9000/protocol/verifier/2025-1/catalog/request',
  });
  t.same(properties, {
    ...KIT_SERVER,
    'dataspacetck.did.verifier': 'did:web:127.0.0.1%3A9000:identity:verifier',
    'dataspacetck.vpp.trigger.endpoint': 'http://127.0.0.1:9000/protocol/verifier/2025-1/catalog/request',
  });
});

t.test('an issuer run names the issuer; a proxy at the callback port moves the kit to another', async (t) => {
  const properties = dcpIssuerProperties({ callbackPort: 18084, listenPort: 18085, issuerDid: 'did:web:127.0.0.1%3A9000:identity:issuer' });
  t.same(properties, { ...KIT_SERVER, 'dataspacetck.port': '18085', 'dataspacetck.did.issuer': 'did:web:127.0.0.1%3A9000:identity:issuer' });
});

t.test('the three suites cover the four test packages of the kit', async (t) => {
  t.same(Object.keys(DCP_SUITES), ['credential-service', 'verifier', 'issuer']);
  t.equal(new Set(Object.values(DCP_SUITES).flat()).size, 4);
  t.ok(isDcpSuite('verifier'));
  t.notOk(isDcpSuite('toString'), 'only own names');
});
