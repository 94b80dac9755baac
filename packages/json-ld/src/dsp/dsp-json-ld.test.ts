import t from 'tap';
import { TdssError } from '@tdss/sdk';
import { DSP_2025_1_CONTEXT } from '../contexts/context-urls.ts';
import { loadFixture, messageFixtures } from '../fixtures/load-fixture.ts';
import type { ContractNegotiationEventMessage, ContractRequestMessage } from '../model/negotiation.ts';
import { DspMessageError } from '../validation/dsp-message-error.ts';
import { createDspJsonLd } from './dsp-json-ld.ts';

const dsp = createDspJsonLd();
const PREFIXES = {
  dspace: 'https://w3id.org/dspace/2025/1/',
  odrl: 'http://www.w3.org/ns/odrl/2/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
};

async function rejection(promise: Promise<unknown>): Promise<DspMessageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DspMessageError)) throw new Error(`expected a DspMessageError, got ${String(error)}`);
  return error;
}

t.test('every 2025-1 spec example is already canonical and valid', async (t) => {
  for (const path of messageFixtures('dsp-2025-1')) {
    const example = loadFixture('dsp-2025-1', path);
    t.same(await dsp.canonicalize(example), example, `${path} canonicalizes to itself`);
    t.same(await dsp.read(example), example, `${path} reads as valid`);
  }
});

t.test('expanded and prefixed forms of each example normalise to the same canonical message', async (t) => {
  for (const path of messageFixtures('dsp-2025-1')) {
    const example = loadFixture('dsp-2025-1', path);
    const expanded = await dsp.processor.expand(example);
    t.same(await dsp.canonicalize(expanded), example, `${path}: expanded form`);
    const prefixed = await dsp.processor.compact(expanded, PREFIXES);
    t.same(await dsp.canonicalize(prefixed), example, `${path}: dspace:/odrl:-prefixed form`);
  }
});

t.test('hand-written prefixed messages with plain string values normalise too', async (t) => {
  const event = await dsp.read(
    {
      '@context': DSP_2025_1_CONTEXT,
      '@type': 'dspace:ContractNegotiationEventMessage',
      'dspace:providerPid': 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab',
      'dspace:consumerPid': 'urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833',
      'dspace:eventType': 'dspace:ACCEPTED',
    },
    'ContractNegotiationEventMessage',
  );
  t.same(event, loadFixture('dsp-2025-1', 'negotiation/contract-negotiation-event-message.json'));

  const request = await dsp.read({
    '@context': { ...PREFIXES },
    '@type': 'dspace:ContractRequestMessage',
    'dspace:consumerPid': 'urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833',
    'dspace:offer': {
      '@type': 'odrl:Offer',
      '@id': 'urn:uuid:2828282:3dd1add8-4d2d-569e-d634-8394a8836a89',
      'odrl:target': { '@id': 'urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836a88' },
      'odrl:permission': { 'odrl:action': { '@id': 'odrl:use' } },
    },
    'dspace:callbackAddress': 'https://example.com/callback',
  });
  t.same(request, loadFixture('dsp-2025-1', 'negotiation/contract-request-message_initial.json'));
});

t.test('compact → expand → compact is stable', async (t) => {
  for (const version of ['dsp-2025-1', 'dsp-2024-1'] as const) {
    for (const path of messageFixtures(version)) {
      const once = await dsp.canonicalize(loadFixture(version, path));
      t.same(await dsp.canonicalize(await dsp.processor.expand(once)), once, `${version}/${path}`);
    }
  }
});

t.test('2024-1 messages read as their 2025-1 equivalents', async (t) => {
  const read = (path: string) => dsp.read(loadFixture('dsp-2024-1', path));
  const pids = {
    providerPid: 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab',
    consumerPid: 'urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833',
  };
  const context = [DSP_2025_1_CONTEXT];
  t.same(await read('catalog/catalog-request-message.json'), { '@context': context, '@type': 'CatalogRequestMessage', filter: ['some-filter'] });
  t.same(await read('catalog/dataset-request-message.json'), {
    '@context': context,
    '@type': 'DatasetRequestMessage',
    dataset: 'urn:uuid:3afeadd8-ed2d-569e-d634-8394a8836d57',
  });
  t.same(await read('negotiation/contract-negotiation.json'), { '@context': context, '@type': 'ContractNegotiation', ...pids, state: 'REQUESTED' });
  t.same(await read('negotiation/contract-negotiation-event-message.json'), {
    '@context': context,
    '@type': 'ContractNegotiationEventMessage',
    ...pids,
    eventType: 'ACCEPTED',
  });
  t.same(await read('transfer/transfer-process.json'), { '@context': context, '@type': 'TransferProcess', ...pids, state: 'REQUESTED' });
  t.same(await read('transfer/transfer-error.json'), { '@context': context, '@type': 'TransferError', ...pids, code: '...', reason: [{}, {}] });
  const transferRequest = loadFixture('dsp-2025-1', 'transfer/transfer-request-message.json');
  t.same(await read('transfer/transfer-request-message.json'), transferRequest, 'identical to the 2025-1 example');

  const catalog = (await read('catalog/catalog.json')) as unknown as Record<string, any>;
  t.equal(catalog.participantId, 'urn:example:DataProviderA');
  t.same(catalog.service, [
    { '@id': 'urn:uuid:4aa2dcc8-4d2d-569e-d634-8394a8834d77', '@type': 'DataService', endpointDescription: 'dspace:connector', endpointURL: 'https://provider-a.com/connector' },
  ], 'xsd:anyURI literals become plain strings');
  t.same(catalog.dataset[0].hasPolicy[0].permission[0].duty, [{ action: 'http://creativecommons.org/ns#Attribution' }], 'a single 2024-1 duty becomes a set');

  // The 2024-1 agreement example writes "odrl:operand" where it means "operator": it is read, and
  // then rejected precisely.
  const agreement = await dsp.canonicalize(loadFixture('dsp-2024-1', 'negotiation/contract-agreement-message.json'));
  t.match(agreement, { '@type': 'ContractAgreementMessage', ...pids, agreement: { '@type': 'Agreement', timestamp: '2023-01-01T01:00:00Z' } });
  const error = await rejection(dsp.read(loadFixture('dsp-2024-1', 'negotiation/contract-agreement-message.json')));
  t.ok(error.errors.some((e) => e.path === '/agreement/permission/0/constraint/0' && /operator/.test(e.message)), 'names the constraint missing its operator');
});

t.test('invalid messages give each problem with its JSON pointer', async (t) => {
  const base = loadFixture('dsp-2025-1', 'negotiation/contract-request-message_initial.json');

  const { consumerPid, ...withoutConsumer } = base;
  t.ok(consumerPid);
  let error = await rejection(dsp.read(withoutConsumer));
  t.equal(error.status, 400);
  t.same(error.errors, [{ path: '', message: 'must have required properties consumerPid' }]);

  error = await rejection(dsp.read({ ...base, providerPid: 'urn:x' }));
  t.same(error.errors, [{ path: '', message: 'must match exactly one schema in oneOf' }], 'callbackAddress and providerPid are exclusive');

  const event = loadFixture('dsp-2025-1', 'negotiation/contract-negotiation-event-message.json');
  error = await rejection(dsp.read({ ...event, eventType: 'REJECTED' }));
  t.same(error.errors, [{ path: '/eventType', message: 'must be equal to one of the allowed values' }]);

  const offer = base.offer as Record<string, unknown>;
  error = await rejection(dsp.read({ ...base, offer: { ...offer, permission: [{ action: 'use', target: 'urn:other' }] } }));
  t.same(error.errors, [{ path: '/offer/permission/0/target', message: 'must not be present: a rule inherits the target of its policy' }]);

  const agreementMessage = loadFixture('dsp-2025-1', 'negotiation/contract-agreement-message.json');
  const { timestamp, ...untimed } = agreementMessage.agreement as Record<string, unknown>;
  t.ok(timestamp);
  error = await rejection(dsp.read({ ...agreementMessage, agreement: untimed }));
  t.same(error.errors, [{ path: '/agreement', message: 'must have required properties timestamp' }]);

  error = await rejection(dsp.read({ ...event, '@context': 'https://w3id.org/dspace/2099/1/context.jsonld' }));
  t.same(error.errors[0]?.path, '/@context');
  t.match(error.errors[0]?.message, /does not know/);

  error = await rejection(dsp.read({ '@type': 'TransferProcess', state: 'STARTED' }));
  t.same(error.errors, [{ path: '/@context', message: 'must be present and define the message terms' }]);

  error = await rejection(dsp.read(event, ['TransferProcess', 'TransferError']));
  t.same(error.errors, [{ path: '/@type', message: 'must be one of TransferProcess, TransferError' }]);

  error = await rejection(dsp.read('not an object'));
  t.same(error.errors, [{ path: '', message: 'must be object' }]);

  error = await rejection(dsp.read({ ...event, '@context': { providerPid: 5 } }));
  t.match(error.errors[0], { path: '', message: /^invalid term definition: .*must be strings or objects/ });

  t.match(error.toProblem('/negotiations/1/events'), {
    status: 400,
    type: 'https://tdss.dev/problems/dsp-invalid-message',
    title: 'Invalid DSP message',
    errors: error.errors,
  });
});

t.test('write emits compact 2025-1 and refuses to emit an invalid message', async (t) => {
  const event = dsp.write<'ContractNegotiationEventMessage'>({
    '@type': 'ContractNegotiationEventMessage',
    providerPid: 'urn:p',
    consumerPid: 'urn:c',
    eventType: 'FINALIZED',
  });
  t.same(Object.keys(event), ['@context', '@type', 'providerPid', 'consumerPid', 'eventType']);
  t.same(event['@context'], [DSP_2025_1_CONTEXT]);
  t.same(await dsp.read<'ContractNegotiationEventMessage'>(event), event satisfies ContractNegotiationEventMessage);

  const invalid = { '@type': 'ContractRequestMessage', consumerPid: 'urn:c' } as unknown as Omit<ContractRequestMessage, '@context'>;
  const error = (() => {
    try {
      dsp.write(invalid);
    } catch (e) {
      return e;
    }
  })();
  t.ok(error instanceof TdssError);
  t.match(error, { code: 'DSP_INVALID_OUTGOING_MESSAGE', message: /must have required properties offer/ });
});
