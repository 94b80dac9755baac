/**
 * The management API's catalog and dataset requests, shaped after EDC's (`CatalogRequest`,
 * `DatasetRequest`), plain JSON or JSON-LD: whom to ask (`counterpartyAddress`, the counterparty's
 * DSP base, and `counterpartyId`), and for a catalog what to ask (`querySpec` with offset, limit
 * and filterExpression, or a `filter` the counterparty defines).
 */
import { EDC_NAMESPACE } from '../management/edc-management-context.ts';
import { readQuerySpec } from '../management/management-query.ts';
import { type EdcDocument, readEdcDocument } from '../management/read-edc-document.ts';
import { checkMembers } from '../management/read-management-input.ts';
import { createValidationIssues, type ValidationIssues } from '../management/validation-issues.ts';
import { catalogFilterFields } from './catalog-filter.ts';
import type { CounterpartyCatalogRequest, CounterpartyRequest } from './request-counterparty-catalog.ts';

/** EDC's protocol name for DSP 2025-1 over HTTPS, the one this control plane speaks. */
export const DSP_PROTOCOL = 'dataspace-protocol-http:2025-1';

export function readCounterpartyCatalogRequest(body: unknown): CounterpartyCatalogRequest {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, 'CatalogRequest');
  if (!doc) throw issues.toProblem('catalog request');
  checkMembers(doc, ['counterpartyAddress', 'counterpartyId', 'protocol', 'querySpec', 'filter'], issues);
  const counterparty = readCounterparty(doc, issues);
  const request: CounterpartyCatalogRequest = { ...counterparty };
  const querySpec = doc.fields.get('querySpec');
  const filter = doc.fields.get('filter');
  if (filter !== undefined && !Array.isArray(filter.value)) issues.add(filter.path, 'must be a list: the CatalogRequestMessage filter, as the counterparty defines it');
  else if (filter !== undefined) request.filter = filter.value as unknown[];
  if (querySpec !== undefined) {
    const query = readQuerySpec(querySpec.value, catalogFilterFields);
    if (query.sortField !== undefined || query.sortOrder !== undefined) issues.add(querySpec.path, 'sortField and sortOrder cannot be asked for: the counterparty orders its catalog');
    if (query.filter?.length) {
      if (request.filter) issues.add(querySpec.path, 'give either querySpec.filterExpression or filter, not both');
      // The criteria travel in the EDC vocabulary, which a TDSS provider reads as its catalog filter.
      request.filter = query.filter.map((c) => ({ [`${EDC_NAMESPACE}operandLeft`]: c.operandLeft, [`${EDC_NAMESPACE}operator`]: c.operator, [`${EDC_NAMESPACE}operandRight`]: c.operandRight }));
    }
    request.page = { ...(query.offset === undefined ? {} : { offset: query.offset }), ...(query.limit === undefined ? {} : { limit: query.limit }) };
  }
  issues.throwIfAny('catalog request');
  return request;
}

export function readCounterpartyDatasetRequest(body: unknown): CounterpartyRequest & { datasetId: string } {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, 'DatasetRequest');
  if (!doc) throw issues.toProblem('dataset request');
  checkMembers(doc, ['counterpartyAddress', 'counterpartyId', 'protocol', 'datasetId'], issues);
  const counterparty = readCounterparty(doc, issues);
  // EDC names the dataset with @id; datasetId says what it is.
  const given = doc.fields.get('datasetId')?.value ?? doc.id;
  if (typeof given !== 'string' || given.length === 0) issues.add('datasetId', 'required: the id of a dataset in the counterparty\'s catalog');
  issues.throwIfAny('dataset request');
  return { ...counterparty, datasetId: given as string };
}

function readCounterparty(doc: EdcDocument, issues: ValidationIssues): CounterpartyRequest {
  const address = doc.fields.get('counterpartyAddress');
  const id = doc.fields.get('counterpartyId');
  const protocol = doc.fields.get('protocol');
  if (typeof address?.value !== 'string' || !isHttpUrl(address.value)) {
    issues.add(address?.path ?? 'counterpartyAddress', "required: the counterparty's DSP 2025-1 base URL (http or https), e.g. https://provider.example/protocol/acme/2025-1");
  }
  if (typeof id?.value !== 'string' || id.value.length === 0) issues.add(id?.path ?? 'counterpartyId', "required: the counterparty's participant id (its DID under DCP)");
  if (protocol !== undefined && protocol.value !== DSP_PROTOCOL) issues.add(protocol.path, `must be ${DSP_PROTOCOL} (or left out): the only protocol this control plane speaks`);
  return { counterpartyAddress: address?.value as string, counterpartyId: id?.value as string };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
