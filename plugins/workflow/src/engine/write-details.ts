import type { EntityManager } from '@mikro-orm/core';
import { StepEntity, type StepRow } from '../store/step-entity.ts';

/** A step's own details (attempts, error, times), written while its processor holds it. */
export interface DetailsWrite {
  id: string;
  /** The version its processor claimed it at: a row taken over meanwhile keeps the other worker's details. */
  version: number;
  changes: Partial<StepRow>;
}

/**
 * Writes details only: the state is the processor's outcome, written by the machine at the
 * version of the claim, so the version is written unchanged (MikroORM would increase it).
 */
export async function writeDetails(em: EntityManager, own: DetailsWrite): Promise<void> {
  await em.nativeUpdate(StepEntity, { id: own.id, version: own.version }, { ...own.changes, version: own.version });
}
