import type { Database } from '@tdss/sdk';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../store/is-unique-violation.ts';
import { RECORDS_TABLE } from '../store/workflow-schema.ts';
import type { ActivityContext } from './workflow-activity.ts';

export type StepRecords = Pick<ActivityContext, 'once' | 'recorded' | 'record'>;

const NAME = /^[A-Za-z0-9._:-]{1,128}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new TypeError(`record name ${JSON.stringify(name)} must be 1 to 128 letters, digits, \`.\`, \`_\`, \`:\` or \`-\``);
}

/** The durable records of one step (`stepKey` is its idempotency key), kept in `wf_step_records`. */
export function createStepRecords(db: Database, stepKey: string): StepRecords {
  const read = async <T>(k: Kysely<any>, name: string): Promise<{ value: T } | undefined> => {
    const row = await k.selectFrom(RECORDS_TABLE).select('value').where('step_key', '=', stepKey).where('name', '=', name).executeTakeFirst();
    return row ? { value: JSON.parse(row.value as string) as T } : undefined;
  };
  const insert = (k: Kysely<any>, name: string, value: unknown) =>
    k.insertInto(RECORDS_TABLE).values({ step_key: stepKey, name, value: JSON.stringify(value ?? null), created_at: Date.now() });

  return {
    async once(name, effect) {
      checkName(name);
      try {
        return await db.transactional(async (em) => {
          const k = db.kysely(em);
          const done = await read<Awaited<ReturnType<typeof effect>>>(k, name);
          if (done) return done.value;
          const value = await effect(em);
          await insert(k, name, value).execute();
          return JSON.parse(JSON.stringify(value ?? null));
        });
      } catch (error) {
        // Another run of this step recorded it first (PostgreSQL lets both read "nothing"; the
        // second insert waits for the first commit and then clashes): its effect stands, ours rolled back.
        if (!isUniqueViolation(error)) throw error;
        const winner = await read<Awaited<ReturnType<typeof effect>>>(db.kysely(), name);
        if (winner) return winner.value;
        throw error;
      }
    },
    recorded(name) {
      checkName(name);
      return read(db.kysely(), name);
    },
    async record(name, value) {
      checkName(name);
      const k = db.kysely();
      await insert(k, name, value)
        .onConflict((oc) => oc.columns(['step_key', 'name']).doNothing())
        .execute();
      return (await read<typeof value>(k, name))!.value;
    },
  };
}
