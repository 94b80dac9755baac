// The DSP kit's configuration for a TDSS run: where the connector under test is, how the kit
// reaches it, and the per-test ids the tck-harness plugin seeded and scripted (README.md, "DSP kit").

import {
  CATALOG_DATASETS,
  CONSUMER_NEGOTIATION_DATASETS,
  CONSUMER_TRANSFER_AGREEMENTS,
  PROVIDER_NEGOTIATION_DATASETS,
  PROVIDER_TRANSFER_AGREEMENTS,
  TCK_TRANSFER_TYPE,
  tckOfferId,
} from '@tdss/tck-harness';

export interface DspTarget {
  /** The kit's own server (callbacks): a free loopback port. */
  callbackPort: number;
  /** The participant's DSP 2025-1 base, e.g. http://127.0.0.1:PORT/protocol/tck/2025-1. */
  dspUrl: string;
  /** Where `/.well-known/dspace-version` is appended. */
  baseUrl: string;
  negotiationHook: string;
  transferHook: string;
  authorization: string;
  participantId: string;
  /** Seconds the kit waits for each expected message or state. */
  waitSeconds: number;
}

/** `ACN0102` → `CN_01_02`, `ATPC0305` → `TP_C_03_05`: the kit's per-test key prefix. */
export function testKey(prefix: 'CN' | 'CN_C' | 'TP' | 'TP_C', id: string): string {
  const digits = id.slice(-4);
  return `${prefix}_${digits.slice(0, 2)}_${digits.slice(2)}`;
}

export function dspProperties(target: DspTarget): Record<string, string> {
  const properties: Record<string, string> = {
    'dataspacetck.launcher': 'org.eclipse.dataspacetck.dsp.system.DspSystemLauncher',
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': String(target.callbackPort),
    'dataspacetck.callback.address': `http://127.0.0.1:${target.callbackPort}`,
    'dataspacetck.dsp.connector.agent.id': target.participantId,
    'dataspacetck.dsp.connector.http.url': target.dspUrl,
    'dataspacetck.dsp.connector.http.base.url': target.baseUrl,
    'dataspacetck.dsp.connector.http.headers.authorization': target.authorization,
    'dataspacetck.dsp.connector.negotiation.initiate.url': target.negotiationHook,
    'dataspacetck.dsp.connector.transfer.initiate.url': target.transferHook,
    'dataspacetck.dsp.default.wait': String(target.waitSeconds),
    CAT_01_01_DATASETID: CATALOG_DATASETS[0],
    CAT_01_02_DATASETID: CATALOG_DATASETS[1],
    // Seeded nowhere: CAT:01-03 expects the dataset to be unknown.
    CAT_01_03_DATASETID: 'CAT0103',
  };
  for (const id of PROVIDER_NEGOTIATION_DATASETS) {
    properties[`${testKey('CN', id)}_DATASETID`] = id;
    properties[`${testKey('CN', id)}_OFFERID`] = tckOfferId(id);
  }
  for (const id of CONSUMER_NEGOTIATION_DATASETS) properties[`${testKey('CN_C', id)}_DATASETID`] = id;
  for (const [prefix, ids] of [['TP', PROVIDER_TRANSFER_AGREEMENTS], ['TP_C', CONSUMER_TRANSFER_AGREEMENTS]] as const) {
    for (const id of ids) {
      properties[`${testKey(prefix, id)}_AGREEMENTID`] = id;
      properties[`${testKey(prefix, id)}_FORMAT`] = TCK_TRANSFER_TYPE;
    }
  }
  return properties;
}

/** Java properties text; values escaped as `Properties.load` reads them. */
export function toPropertiesText(properties: Record<string, string>): string {
  const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/[:=#!]/g, (c) => `\\${c}`).replace(/^ /, '\\ ');
  return Object.entries(properties).map(([key, value]) => `${escape(key)}=${escape(value)}\n`).join('');
}
