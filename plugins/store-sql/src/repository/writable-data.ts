import { type EntityManager, type EntityMetadata, helper, Reference, Utils } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';

/**
 * The part of caller data a tenant repository may write: without the `fixed` keys (`tenantId`
 * always, which the repository sets), with each relation reduced to the id of a related row that
 * this tenant may see. A nested object could otherwise create or update rows of any tenant.
 */
export async function writableData(
  em: EntityManager,
  meta: EntityMetadata<any>,
  tenantId: string,
  data: object,
  fixed: readonly string[],
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (fixed.includes(key)) continue;
    const prop = meta.properties[key];
    if (!prop || prop.kind === 'scalar' || prop.kind === 'embedded') {
      out[key] = value;
      continue;
    }
    if (prop.kind !== 'm:1' && prop.kind !== '1:1') {
      throw problems.badRequest(`${meta.className}.${key} lists related rows; change it through their own repository`);
    }
    out[key] = await relatedId(em, meta, key, tenantId, value);
  }
  return out;
}

async function relatedId(em: EntityManager, meta: EntityMetadata<any>, key: string, tenantId: string, value: unknown): Promise<unknown> {
  if (value === null || value === undefined) return value;
  const id = Reference.isReference(value) || Utils.isEntity(value) ? helper(Reference.unwrapReference(value as object)).getPrimaryKey() : value;
  if (typeof id !== 'string' && typeof id !== 'number' && typeof id !== 'bigint') {
    throw problems.badRequest(`${meta.className}.${key} takes the id of a related row, not an object`);
  }
  const target = meta.properties[key]!.targetMeta!;
  if (target.properties.tenantId) {
    const found = await em.count(target.class, { [target.primaryKeys[0]!]: id, tenantId });
    if (found === 0) throw problems.badRequest(`${meta.className}.${key} refers to ${target.className} ${JSON.stringify(id)}, which does not exist`);
  }
  return id;
}
