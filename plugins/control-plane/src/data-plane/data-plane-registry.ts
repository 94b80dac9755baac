/**
 * The data planes transfers are signalled to: the ones plugins of this runtime contribute
 * (`LocalDataPlanes`, called in-process) and the ones registered by URL (stored, called over HTTP),
 * for the whole runtime or one participant context. A transfer is given one data plane when it is
 * requested (`select`) and keeps it (`get`), so every later signal reaches the plane that holds
 * its flow.
 */
import { authorizationToken, BEARER_AUTHORIZATION, createSignalingClient, type DataPlane, type DataPlaneRegistrationMessage, type DataPlaneSignaling, validateMessage } from '@tdss/dataplane-sdk';
import { type Database, type Logger, type Page, ProblemError, problems } from '@tdss/sdk';
import { mapRow, resolveEntityTable } from '@tdss/state-machine';
import type { DataPlaneCredentials } from './data-plane-credentials.ts';
import { DataPlaneEntity, type DataPlaneInfo, type DataPlaneRow, RUNTIME_WIDE, toDataPlaneInfo } from './data-plane-record.ts';

export type FlowType = 'PULL' | 'PUSH';

export interface SelectedDataPlane {
  info: DataPlaneInfo;
  signaling: DataPlaneSignaling;
  /** Whether the profile is pull or push, when the data plane says so or its name does; undefined otherwise. */
  flowOf(profile: string): FlowType | undefined;
}

export interface DataPlaneQuery {
  offset: number;
  limit: number;
  /** Only the registrations of this participant context (undefined: the runtime-wide ones). */
  participantContextId?: string;
  profile?: string;
}

export interface DataPlaneRegistry {
  /** Registers or replaces a data plane by URL; 400 for a bad message, 409 when the id is another scope's. */
  register(message: unknown, participantContextId?: string): Promise<DataPlaneInfo>;
  /** 404 when this scope has no such registration. */
  unregister(id: string, participantContextId?: string): Promise<void>;
  /** Registrations by URL of one scope, oldest first. */
  list(query: DataPlaneQuery): Promise<Page<DataPlaneInfo>>;
  /** The data plane a new transfer of this profile uses: the participant context's own first, then the runtime's, local ones last. */
  select(profile: string, participantContextId: string): Promise<SelectedDataPlane | undefined>;
  /** The data plane a transfer was given; undefined once it is gone. */
  get(id: string): Promise<SelectedDataPlane | undefined>;
  /** Every profile some data plane serves the participant context, for the "not supported" answer. */
  profiles(participantContextId: string): Promise<string[]>;
  /** Tells every registered data plane again where callbacks go (at start: either side may have restarted). */
  announce(): Promise<void>;
}

export interface DataPlaneRegistryOptions {
  db: () => Database;
  local: () => readonly DataPlane[];
  /** What this control plane registers with a data plane so that its callbacks arrive. */
  controlPlane: () => { controlplaneId: string; endpoint: string };
  requestTimeoutMs: number;
  credentials: DataPlaneCredentials;
  /** Registrations by URL must carry `authorization: { type: 'bearer', token }`. */
  requireAuthorization: boolean;
  logger: Logger;
}

export function localDataPlaneInfo(plane: DataPlane): DataPlaneInfo {
  return { id: plane.id, endpoint: 'in-process', profiles: plane.transferTypes.map((type) => type.profile), labels: [], local: true };
}

/** DSP formats conventionally end in their flow type (`HttpData-PULL`, `…/http-push`). */
function flowFromName(profile: string): FlowType | undefined {
  if (/pull$/i.test(profile)) return 'PULL';
  if (/push$/i.test(profile)) return 'PUSH';
  return undefined;
}

export function createDataPlaneRegistry(options: DataPlaneRegistryOptions): DataPlaneRegistry {
  const { credentials } = options;
  const scope = (participantContextId?: string) => participantContextId ?? RUNTIME_WIDE;
  const clients = new Map<string, DataPlaneSignaling>();
  /** One client per data plane and endpoint; its token is read from the secret store per message, so a rotation applies at once. */
  const clientOf = (info: DataPlaneInfo) => {
    const key = `${info.id}\n${info.endpoint}`;
    let client = clients.get(key);
    if (!client) {
      client = createSignalingClient(info.endpoint, { timeoutMs: options.requestTimeoutMs, token: async () => (await credentials.get(info.id, scope(info.participantContextId)))?.signaling });
      clients.set(key, client);
    }
    return client;
  };
  /** DPS control plane registration: where the data plane sends started/completed/errored, and with which token. */
  const announceTo = async (info: DataPlaneInfo) => {
    try {
      const tokens = await credentials.get(info.id, scope(info.participantContextId));
      await clientOf(info).registerControlPlane({ ...options.controlPlane(), ...(tokens ? { authorization: { type: BEARER_AUTHORIZATION, token: tokens.callback } } : {}) });
    } catch (error) {
      options.logger.warn({ err: error, dataPlane: info.id }, 'a data plane did not take our control plane registration; its callbacks may not arrive');
    }
  };

  const fromLocal = (plane: DataPlane): SelectedDataPlane => ({
    info: localDataPlaneInfo(plane),
    signaling: plane.signaling,
    flowOf: (profile) => plane.transferTypes.find((type) => type.profile === profile)?.flow ?? flowFromName(profile),
  });
  const fromRemote = (info: DataPlaneInfo): SelectedDataPlane => ({ info, signaling: clientOf(info), flowOf: flowFromName });

  /** Read on every transfer request a provider takes: one statement, mapped without the ORM's unit of work. */
  const remotes = async (participantContextId: string) => {
    const db = options.db();
    const table = resolveEntityTable(db, DataPlaneEntity);
    const column = (property: string) => table.columnOf(property)!;
    const raws = await db
      .kysely()
      .selectFrom(table.table)
      .selectAll()
      .where(column('participantContextId'), 'in', [participantContextId, RUNTIME_WIDE])
      .orderBy(column('createdAt'))
      .orderBy(column('id'))
      .execute();
    const rows = raws.map((raw) => mapRow<DataPlaneRow>({ db, table, entity: DataPlaneEntity }, raw));
    // The participant context's own registrations before the runtime's.
    return [...rows.filter((row) => row.participantContextId !== RUNTIME_WIDE), ...rows.filter((row) => row.participantContextId === RUNTIME_WIDE)].map(toDataPlaneInfo);
  };

  return {
    async register(body, participantContextId) {
      const message: DataPlaneRegistrationMessage = validateMessage('DataPlaneRegistrationMessage', body);
      if (options.local().some((plane) => plane.id === message.dataplaneId)) throw problems.conflict(`dataplaneId: ${message.dataplaneId} is a data plane of this runtime`);
      const token = authorizationToken(message.authorization);
      if (message.authorization && !token) throw problems.badRequest(`authorization: only { "type": "${BEARER_AUTHORIZATION}", "token": "…" } is supported`);
      if (!token && options.requireAuthorization) throw problems.badRequest(`authorization: a { "type": "${BEARER_AUTHORIZATION}", "token": "…" } is required (dataPlane.requireAuthorization)`);
      const saved = await options.db().transactional(async (em) => {
        const existing = await em.findOne(DataPlaneEntity, { id: message.dataplaneId });
        if (existing && existing.participantContextId !== scope(participantContextId)) throw problems.conflict(`dataplaneId: ${message.dataplaneId} is registered elsewhere; choose another id`);
        const now = new Date();
        const fields = { endpoint: message.endpoint.replace(/\/+$/, ''), profiles: message.profiles, labels: message.labels ?? [], updatedAt: now };
        if (existing) return em.assign(existing, fields);
        return em.create(DataPlaneEntity, { id: message.dataplaneId, participantContextId: scope(participantContextId), createdAt: now, ...fields });
      });
      // A registration without credentials drops earlier ones: the latest registration is the truth.
      if (token) await credentials.save(message.dataplaneId, scope(participantContextId), token);
      else await credentials.remove(message.dataplaneId, scope(participantContextId));
      const info = toDataPlaneInfo(saved);
      await announceTo(info);
      return info;
    },
    async unregister(id, participantContextId) {
      const removed = await options.db().em().nativeDelete(DataPlaneEntity, { id, participantContextId: scope(participantContextId) });
      if (removed === 0) throw problems.notFound(`data plane ${JSON.stringify(id)} is not registered here`);
      await credentials.remove(id, scope(participantContextId));
    },
    async list(query) {
      // Few rows per scope: the profile filter runs here rather than on two dialects' JSON operators.
      const rows = await options.db().em().find(DataPlaneEntity, { participantContextId: scope(query.participantContextId) }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      const matching = rows.map(toDataPlaneInfo).filter((info) => !query.profile || info.profiles.includes(query.profile));
      return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length, offset: query.offset, limit: query.limit };
    },
    async select(profile, participantContextId) {
      const remote = (await remotes(participantContextId)).find((info) => info.profiles.includes(profile));
      if (remote) return fromRemote(remote);
      const local = options.local().find((plane) => plane.transferTypes.some((type) => type.profile === profile));
      return local ? fromLocal(local) : undefined;
    },
    async get(id) {
      const local = options.local().find((plane) => plane.id === id);
      if (local) return fromLocal(local);
      const row = await options.db().em().findOne(DataPlaneEntity, { id });
      return row ? fromRemote(toDataPlaneInfo(row)) : undefined;
    },
    async announce() {
      const rows = await options.db().em().find(DataPlaneEntity, {});
      await Promise.all(rows.map((row) => announceTo(toDataPlaneInfo(row))));
    },
    async profiles(participantContextId) {
      const served = new Set([...(await remotes(participantContextId)).flatMap((info) => info.profiles), ...options.local().flatMap((plane) => plane.transferTypes.map((type) => type.profile))]);
      return [...served].sort();
    },
  };
}

/** A failed signal: whether trying again can help. */
export function isRetryableSignal(error: unknown): boolean {
  if (!(error instanceof ProblemError)) return true;
  if (error.status >= 500 || error.status === 408 || error.status === 429) return true;
  // A concurrent change on the data plane's side ("send it again"); other 4xx are final.
  return error.status === 409 && error.type.endsWith('/conflict');
}
