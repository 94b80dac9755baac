import t from 'tap';
import { dspProperties, testKey, toPropertiesText } from './dsp-properties.ts';

const target = {
  callbackPort: 18083,
  dspUrl: 'http://127.0.0.1:9000/protocol/tck/2025-1',
  baseUrl: 'http://127.0.0.1:9000/protocol/tck',
  negotiationHook: 'http://127.0.0.1:9000/management/tck/negotiations/initiate',
  transferHook: 'http://127.0.0.1:9000/management/tck/transfers/initiate',
  authorization: 'Bearer tck-x',
  participantId: 'urn:tdss:tck-cut',
  waitSeconds: 7,
};

t.test('kit ids map to the per-test keys the kit reads', async (t) => {
  t.equal(testKey('CN', 'ACN0102'), 'CN_01_02');
  t.equal(testKey('CN_C', 'ACNC0306'), 'CN_C_03_06');
  t.equal(testKey('TP_C', 'ATPC0205'), 'TP_C_02_05');
});

t.test('the properties hold every required setting and one id per test', async (t) => {
  const properties = dspProperties(target);
  t.match(properties, {
    'dataspacetck.launcher': 'org.eclipse.dataspacetck.dsp.system.DspSystemLauncher',
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': '18083',
    'dataspacetck.callback.address': 'http://127.0.0.1:18083',
    'dataspacetck.dsp.connector.agent.id': 'urn:tdss:tck-cut',
    'dataspacetck.dsp.connector.http.url': target.dspUrl,
    'dataspacetck.dsp.connector.http.base.url': target.baseUrl,
    'dataspacetck.dsp.connector.http.headers.authorization': 'Bearer tck-x',
    'dataspacetck.dsp.default.wait': '7',
    CAT_01_03_DATASETID: 'CAT0103',
    // The kit hard-codes this counter-offer in CN:01-02, so the configured offer must agree.
    CN_01_02_OFFERID: 'CD123:ACN0102:456',
    CN_C_02_02_DATASETID: 'ACNC0202',
    TP_01_05_AGREEMENTID: 'ATP0105',
    TP_C_03_06_FORMAT: 'HttpData-PULL',
  });
  const keys = Object.keys(properties);
  t.equal(keys.filter((key) => /^CN_\d\d_\d\d_DATASETID$/.test(key)).length, 15);
  t.equal(keys.filter((key) => /^CN_C_\d\d_\d\d_DATASETID$/.test(key)).length, 16);
  t.equal(keys.filter((key) => /^TP_\d\d_\d\d_AGREEMENTID$/.test(key)).length, 16);
  t.equal(keys.filter((key) => /^TP_C_\d\d_\d\d_AGREEMENTID$/.test(key)).length, 16);
});

t.test('values with properties syntax are escaped', async (t) => {
  t.equal(toPropertiesText({ 'a.b': 'http://h:1/x=y#z' }), 'a.b=http\\://h\\:1/x\\=y\\#z\n');
});
