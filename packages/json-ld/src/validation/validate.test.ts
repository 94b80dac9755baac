import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { loadFixture } from '../fixtures/load-fixture.ts';
import { DSP_MESSAGE_SCHEMAS, DSP_MESSAGE_TYPES } from '../model/message-types.ts';
import { CONTRACT_NEGOTIATION_EVENT_TYPES, CONTRACT_NEGOTIATION_STATES } from '../model/negotiation.ts';
import { CONSTRAINT_OPERATORS } from '../model/policy.ts';
import { TRANSFER_STATES } from '../model/transfer.ts';
import { DSP_BINDINGS } from '../model/version.ts';
import { DSP_2025_1_SCHEMA_BASE, specSchemas } from './spec-schemas.ts';
import { validateDsp } from './validate.ts';

const SCHEMAS_DIR = new URL('../../schemas/dsp-2025-1/', import.meta.url);

function definition(schemaPath: string, pointer: string[]): any {
  let node: any = specSchemas()[DSP_2025_1_SCHEMA_BASE + schemaPath];
  for (const segment of pointer) node = node[segment];
  return node;
}

t.test('the bundled schemas are the published files', async (t) => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', SCHEMAS_DIR), 'utf8')) as { files: Array<{ file: string; sha256: string }> };
  t.equal(manifest.files.length, 26);
  for (const { file, sha256 } of manifest.files) {
    t.equal(createHash('sha256').update(readFileSync(new URL(file, SCHEMAS_DIR))).digest('hex'), sha256, file);
  }
  for (const type of DSP_MESSAGE_TYPES) t.ok(specSchemas()[DSP_2025_1_SCHEMA_BASE + DSP_MESSAGE_SCHEMAS[type]], `${type} has a schema`);
});

t.test('the model enumerations are the schemas’ enumerations', async (t) => {
  t.same(CONTRACT_NEGOTIATION_STATES, definition('negotiation/contract-negotiation-schema.json', ['definitions', 'ContractNegotiation', 'properties', 'state', 'enum']));
  t.same(CONTRACT_NEGOTIATION_EVENT_TYPES, definition('negotiation/contract-negotiation-event-message-schema.json', ['definitions', 'ContractNegotiationEventMessage', 'properties', 'eventType', 'enum']));
  t.same(TRANSFER_STATES, definition('transfer/transfer-process-schema.json', ['definitions', 'TransferProcess', 'properties', 'state', 'enum']));
  t.same(CONSTRAINT_OPERATORS, definition('negotiation/contract-schema.json', ['definitions', 'Operator', 'enum']));
  t.same(DSP_BINDINGS, definition('common/protocol-version-schema.json', ['definitions', 'Version', 'properties', 'binding', 'enum']));
});

t.test('the version document is validated as plain JSON', async (t) => {
  const versions = loadFixture('dsp-2025-1', 'common/protocol-version.json');
  t.same(validateDsp('VersionResponse', versions), []);
  t.same(validateDsp('VersionResponse', { protocolVersions: [] }), [{ path: '/protocolVersions', message: 'must not have fewer than 1 items' }]);
  t.same(validateDsp('VersionResponse', { protocolVersions: [{ version: '2025-1', path: '/dsp', binding: 'HTTP' }] }), [
    { path: '/protocolVersions/0/binding', message: 'must be equal to one of the allowed values' },
  ]);
});

t.test('message parts have their own validators', async (t) => {
  t.same(validateDsp('DataAddress', { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP' }), []);
  t.same(validateDsp('DataAddress', { '@type': 'DataAddress', endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization' }] }), [
    { path: '', message: 'must have required properties endpointType' },
    { path: '/endpointProperties/0', message: 'must have required properties value' },
  ]);
  t.same(validateDsp('Distribution', { format: 'HttpData-PULL', accessService: 'urn:service' }), []);
  t.same(validateDsp('DataService', { '@id': 'urn:s', '@type': 'DataService' }), [{ path: '', message: 'must have required properties endpointURL' }]);
});

t.test('the transfer schemas whose refs lack the pointer slash still validate their parent schema', async (t) => {
  const termination = loadFixture('dsp-2025-1', 'transfer/transfer-termination-message.json');
  t.same(validateDsp('TransferTerminationMessage', termination), []);
  t.same(validateDsp('TransferTerminationMessage', { ...termination, reason: [] }), [{ path: '/reason', message: 'must not have fewer than 1 items' }]);
});
