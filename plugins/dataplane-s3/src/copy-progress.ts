/**
 * What a copy has done, in the runtime database, so that a restarted data plane continues it:
 * the flows with a copy under way, and per source object whether it is done or, for a multipart
 * upload, its upload id and the parts uploaded (number and ETag). A part is recorded as soon as
 * S3 acknowledged it: after a crash at most the part in flight is sent again.
 */
import type { DatabaseSchema, Database, MigrationContext } from '@tdss/sdk';
import type { Kysely } from 'kysely';

const FLOWS = 'dps_s3_copy';
const OBJECTS = 'dps_s3_copy_object';

export interface UploadedPart {
  PartNumber: number;
  ETag: string;
}

export interface ObjectProgress {
  sourceKey: string;
  done: boolean;
  uploadId?: string;
  /** The destination key of the upload (needed to abort it). */
  destinationKey?: string;
  /** The source object's ETag when the upload began: a changed source starts over. */
  sourceETag?: string;
  parts: UploadedPart[];
}

export interface CopyProgress {
  /** Records that the flow's copy runs (idempotent). */
  begin(flowId: string): Promise<void>;
  /** Flows whose copy was begun and not finished. */
  unfinished(): Promise<string[]>;
  objects(flowId: string): Promise<Map<string, ObjectProgress>>;
  save(flowId: string, progress: ObjectProgress): Promise<void>;
  /** Forgets the flow's copy. */
  end(flowId: string): Promise<void>;
}

export function copyProgressSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [], migrations: [{ name: 'dataplane-s3-0001-copy-progress', up: createTables }] };
}

async function createTables({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable(FLOWS)
    .ifNotExists()
    .addColumn('data_plane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('flow_id', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${FLOWS}_pk`, ['data_plane_id', 'flow_id'])
    .execute();
  await db.schema
    .createTable(OBJECTS)
    .ifNotExists()
    .addColumn('data_plane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('flow_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('source_key', 'varchar(1024)', (c) => c.notNull())
    // The rest as JSON text: read whole, per flow.
    .addColumn('progress', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${OBJECTS}_pk`, ['data_plane_id', 'flow_id', 'source_key'])
    .execute();
}

interface Tables {
  [FLOWS]: { data_plane_id: string; flow_id: string };
  [OBJECTS]: { data_plane_id: string; flow_id: string; source_key: string; progress: string };
}

export function createCopyProgress(db: () => Database, dataPlaneId: string): CopyProgress {
  const sql = () => db().kysely() as Kysely<Tables>;
  return {
    async begin(flowId) {
      await sql().insertInto(FLOWS).values({ data_plane_id: dataPlaneId, flow_id: flowId }).onConflict((oc) => oc.columns(['data_plane_id', 'flow_id']).doNothing()).execute();
    },
    async unfinished() {
      const rows = await sql().selectFrom(FLOWS).select('flow_id').where('data_plane_id', '=', dataPlaneId).orderBy('flow_id').execute();
      return rows.map((row) => row.flow_id);
    },
    async objects(flowId) {
      const rows = await sql().selectFrom(OBJECTS).select('progress').where('data_plane_id', '=', dataPlaneId).where('flow_id', '=', flowId).execute();
      return new Map(rows.map((row) => JSON.parse(row.progress) as ObjectProgress).map((progress) => [progress.sourceKey, progress]));
    },
    async save(flowId, progress) {
      await sql()
        .insertInto(OBJECTS)
        .values({ data_plane_id: dataPlaneId, flow_id: flowId, source_key: progress.sourceKey, progress: JSON.stringify(progress) })
        .onConflict((oc) => oc.columns(['data_plane_id', 'flow_id', 'source_key']).doUpdateSet({ progress: JSON.stringify(progress) }))
        .execute();
    },
    async end(flowId) {
      await sql().deleteFrom(OBJECTS).where('data_plane_id', '=', dataPlaneId).where('flow_id', '=', flowId).execute();
      await sql().deleteFrom(FLOWS).where('data_plane_id', '=', dataPlaneId).where('flow_id', '=', flowId).execute();
    },
  };
}
