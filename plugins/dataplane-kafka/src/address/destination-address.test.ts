import t from 'tap';
import { destinationAddress } from './destination-address.ts';
import { describeAddress } from './kafka-address.ts';

const address = (endpoint: string, properties: Record<string, string>) => ({
  endpointType: 'Kafka',
  endpoint,
  endpointProperties: Object.entries(properties).map(([name, value]) => ({ name, value })),
});

t.test('a destination data address becomes a Kafka address', async (t) => {
  t.same(destinationAddress(address('a:9092, b:9093', { topic: 'inbox' })), { bootstrapServers: ['a:9092', 'b:9093'], topic: 'inbox', securityProtocol: 'PLAINTEXT' });
  const sasl = destinationAddress(address('a:9092', { topic: 'inbox', securityProtocol: 'SASL_SSL', saslMechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' }));
  t.same(sasl, { bootstrapServers: ['a:9092'], topic: 'inbox', securityProtocol: 'SASL_SSL', sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
  t.equal(describeAddress(sasl), 'inbox@a:9092', 'described without its credentials');
});

t.test('what is wrong with a destination is a 400 naming the field', async (t) => {
  const refused = (value: Parameters<typeof destinationAddress>[0], detail: RegExp) => {
    try {
      destinationAddress(value);
      t.fail(`accepted ${JSON.stringify(value)}`);
    } catch (error) {
      t.match(error, { status: 400, message: detail });
    }
  };
  refused(null, /needs the consumer's destination/);
  refused({ ...address('a:9092', { topic: 'x' }), endpointType: 'HttpData' }, /endpointType must be "Kafka"/);
  refused(address('no-port', { topic: 'x' }), /dataAddress\.endpoint must be bootstrap servers/);
  refused(address('a:9092', { topic: 'bad topic' }), /topic must be a Kafka topic name/);
  refused(address('a:9092', { topic: 'x', securityProtocol: 'TLS' }), /securityProtocol must be one of/);
  refused(address('a:9092', { topic: 'x', securityProtocol: 'SASL_SSL' }), /username and password must be given with SASL_SSL/);
  refused(address('a:9092', { topic: 'x', securityProtocol: 'SASL_SSL', saslMechanism: 'gssapi', username: 'u', password: 'p' }), /saslMechanism must be one of/);
});
