import t from 'tap';
import { dcpCredentialServiceProperties, kitIssuerDid } from './dcp-properties.ts';
import { toPropertiesText } from './dsp-properties.ts';

t.test('a credential service run points the kit at the holder and its STS', async (t) => {
  const properties = dcpCredentialServiceProperties({
    callbackPort: 18084,
    holderDid: 'did:web:127.0.0.1%3A9000:identity:holder',
    stsUrl: 'http://127.0.0.1:9000/protocol/sts',
    stsClientId: 'holder',
    stsClientSecret: 's3cr3t=x',
  });
  t.same(properties, {
    'dataspacetck.launcher': 'org.eclipse.dataspacetck.dcp.system.DcpSystemLauncher',
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': '18084',
    'dataspacetck.callback.address': 'http://127.0.0.1:18084',
    'dataspacetck.did.holder': 'did:web:127.0.0.1%3A9000:identity:holder',
    'dataspacetck.sts.url': 'http://127.0.0.1:9000/protocol/sts',
    'dataspacetck.sts.client.id': 'holder',
    'dataspacetck.sts.client.secret': 's3cr3t=x',
  });
  t.match(toPropertiesText(properties), /^dataspacetck\.sts\.client\.secret=s3cr3t\\=x$/m, 'values are escaped for Properties.load');
  t.equal(kitIssuerDid(18084), 'did:web:127.0.0.1%3A18084:issuer', 'the issuer DID the kit serves at its callback address');
});
