/**
 * The runtime of the data plane suites: one runtime (SQLite) holding a provider and a consumer
 * participant context, development identities, the policy engine, the control plane and the data
 * plane under test, with helpers to offer an asset under an agreement and to run a transfer.
 */
import { randomBytes } from 'node:crypto';
import controlPlane, { ContractAgreements, ParticipantContexts, TransferProcesses, type TransferProcess } from '@tdss/control-plane';
import identityDev from '@tdss/identity-dev';
import type { Agreement } from '@tdss/json-ld';
import policyEngine from '@tdss/policy-engine';
import { HttpServer } from '@tdss/sdk';
import { type BenchRuntime, localSecrets, type PluginEntry, startBenchRuntime } from './bench-runtime.ts';

const PROVIDER = 'did:web:bench-provider';
const CONSUMER = 'did:web:bench-consumer';

export interface DataPlaneBench extends BenchRuntime {
  /** Creates the provider's asset and the agreement `agreement-<asset>` on both sides. */
  offer(asset: string, dataAddress: Record<string, unknown>): Promise<void>;
  /** Requests a transfer of `asset` for the consumer and polls every `pollMs` until it reaches `state`. */
  transfer(asset: string, request: { transferType: string; dataDestination?: object }, state: string, pollMs: number): Promise<TransferProcess>;
}

export async function startDataPlaneBench(name: string, dataPlane: PluginEntry, controlPlaneSettings: Record<string, unknown> = {}): Promise<DataPlaneBench> {
  const bench = await startBenchRuntime(name, [
    localSecrets(),
    { plugin: identityDev, settings: { secret: randomBytes(32).toString('hex') } },
    { plugin: policyEngine },
    { plugin: controlPlane, settings: controlPlaneSettings },
    dataPlane,
  ]);
  const { runtime } = bench;
  try {
    const contexts = runtime.get(ParticipantContexts);
    await contexts.create({ id: 'provider', participantId: PROVIDER });
    await contexts.create({ id: 'consumer', participantId: CONSUMER });
  } catch (error) {
    await bench.stop();
    throw error;
  }
  const server = runtime.get(HttpServer);
  const transfers = runtime.get(TransferProcesses);
  return {
    ...bench,
    async offer(asset, dataAddress) {
      const res = await fetch(`${server.url('management')}/v1/participants/provider/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ '@id': asset, dataAddress }),
      });
      if (res.status !== 201) throw new Error(`asset: ${res.status} ${await res.text()}`);
      const agreement = { '@id': `agreement-${asset}`, '@type': 'Agreement', target: asset, assigner: PROVIDER, assignee: CONSUMER, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
      for (const context of ['provider', 'consumer']) await runtime.get(ContractAgreements).create(context, agreement);
    },
    async transfer(asset, request, state, pollMs) {
      const requested = await transfers.request('consumer', { counterpartyAddress: `${server.url('protocol')}/provider/2025-1`, agreementId: `agreement-${asset}`, transferType: request.transferType, dataDestination: request.dataDestination as never });
      let process: TransferProcess = requested;
      while (process.state !== state) {
        if (process.state === 'TERMINATED') throw new Error(`transfer terminated: ${process.errorDetail}`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        process = await transfers.get('consumer', requested.id);
      }
      return process;
    },
  };
}
