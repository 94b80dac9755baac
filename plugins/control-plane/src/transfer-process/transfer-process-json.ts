import type { DataAddress as DspDataAddress } from '@tdss/json-ld';
import type { TransferProcess } from './transfer-process.ts';

/**
 * EDC's management shape of a transfer process (`type` is the role, `contractId` the agreement,
 * `correlationId` the counterparty's pid, times in epoch milliseconds), plus the DSP state the
 * counterparty sees. A data address is shown without the values of its endpoint properties: they
 * carry tokens (`authorization`), which no API response shows. In-process callers (a data plane,
 * the consumer's own application) get them from `TransferProcesses.get`.
 */
export function toTransferProcessJson(process: TransferProcess) {
  return {
    '@id': process.id,
    '@type': 'TransferProcess',
    state: process.state,
    dspState: process.dspState,
    stateTimestamp: process.stateTimestamp.getTime(),
    type: process.role,
    correlationId: process.role === 'PROVIDER' ? process.consumerPid : process.providerPid,
    counterPartyId: process.counterpartyId,
    counterPartyAddress: process.counterpartyAddress,
    contractId: process.agreementId,
    assetId: process.assetId,
    transferType: process.transferType,
    dataAddress: process.dataAddress ? withoutSecrets(process.dataAddress) : null,
    errorDetail: process.errorDetail,
    createdAt: process.createdAt.getTime(),
  };
}

function withoutSecrets(address: DspDataAddress) {
  const { endpointProperties, ...rest } = address;
  return endpointProperties ? { ...rest, endpointProperties: endpointProperties.map(({ name }) => ({ '@type': 'EndpointProperty', name })) } : rest;
}
