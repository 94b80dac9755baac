import { checkMembers, readFreeForm, readId } from '../management/read-management-input.ts';
import { readEdcDocument } from '../management/read-edc-document.ts';
import { createValidationIssues, isJsonObject } from '../management/validation-issues.ts';
import type { AssetInput, DataAddress } from './asset.ts';

/**
 * Data address members that would hold a secret's value, which the management API would then
 * show to anyone who reads the asset. The value belongs in the secret store, named by `secretName`.
 */
const SECRET_VALUE_MEMBERS = ['authcode', 'password', 'clientsecret', 'secretaccesskey', 'token', 'privatekey'];

/** Validates an asset body (plain JSON, or JSON-LD compacted by read-json-ld-body.ts); throws a 400 problem naming every invalid member. */
export function readAssetInput(body: unknown): AssetInput {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, 'Asset');
  if (!doc) throw issues.toProblem('asset');
  checkMembers(doc, ['properties', 'privateProperties', 'dataAddress'], issues);
  const id = readId(doc, issues);
  const properties = readFreeForm(doc, 'properties', issues);
  const privateProperties = readFreeForm(doc, 'privateProperties', issues);
  const dataAddressField = doc.fields.get('dataAddress');
  const { '@type': _type, ...dataAddress } = readFreeForm(doc, 'dataAddress', issues);
  if (dataAddressField === undefined) {
    issues.add('dataAddress', 'required: an object with a type, e.g. { "type": "HttpData", "baseUrl": "https://..." }');
  } else if (isJsonObject(dataAddressField.value)) {
    if (typeof dataAddress.type !== 'string' || dataAddress.type.length === 0) issues.add(`${dataAddressField.path}.type`, 'required: the kind of source, e.g. HttpData');
    for (const key of Object.keys(dataAddress)) {
      const name = key.split(/[:/#]/).pop()!.toLowerCase();
      if (SECRET_VALUE_MEMBERS.includes(name)) {
        issues.add(`${dataAddressField.path}.${key}`, 'would hold a secret, which the management API must never show; put it in the secret store and name it with secretName');
      }
    }
  }
  issues.throwIfAny('asset');
  return { ...(id === undefined ? {} : { id }), properties, privateProperties, dataAddress: dataAddress as DataAddress };
}
