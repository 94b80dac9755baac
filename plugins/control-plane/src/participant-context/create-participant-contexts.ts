import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type Database, ProblemError, problems } from '@tdss/sdk';
import type { NewParticipantContext, ParticipantContexts } from '../tokens.ts';
import { createParticipantContextCache } from './participant-context-cache.ts';
import { purgeParticipantContext } from './purge-participant-context.ts';
import { PARTICIPANT_CONTEXT_ID, type ParticipantContext, ParticipantContextEntity } from './participant-context.ts';

export function createParticipantContexts(db: () => Database): ParticipantContexts {
  const cache = createParticipantContextCache();
  const find = (id: string) => cache.get(id, () => db().em().findOne(ParticipantContextEntity, { id }));
  const get = async (id: string): Promise<ParticipantContext> => {
    const context = await find(id);
    if (!context) throw problems.notFound(`participant context ${id} does not exist`);
    return context;
  };

  return {
    async create(input: NewParticipantContext) {
      const id = input.id ?? randomUUID();
      const now = new Date();
      const context: ParticipantContext = {
        id,
        participantId: input.participantId,
        state: 'ACTIVATED',
        properties: input.properties ?? {},
        createdAt: now,
        updatedAt: now,
      };
      // One INSERT, no read first and no unit of work: the primary key refuses a taken id.
      try {
        await db().em().insert(ParticipantContextEntity, context);
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) {
          throw new ProblemError(409, `participant context ${id} exists already`, { type: 'conflict' });
        }
        throw error;
      }
      cache.forget(id);
      return context;
    },
    get,
    async getActive(id) {
      const context = await find(id);
      if (!context || context.state !== 'ACTIVATED') throw problems.notFound(`participant context ${id} does not exist`);
      return context;
    },
    async list({ offset, limit, filters }) {
      const where: Record<string, string> = {};
      if (filters.state !== undefined) where.state = filters.state;
      if (filters.participantId !== undefined) where.participantId = filters.participantId;
      const [items, total] = await db()
        .em()
        .findAndCount(ParticipantContextEntity, where, { offset, limit, orderBy: { createdAt: 'asc', id: 'asc' } });
      return { items, total, offset, limit };
    },
    async setState(id, state) {
      const em = db().em();
      const context = await em.findOne(ParticipantContextEntity, { id });
      if (!context) throw problems.notFound(`participant context ${id} does not exist`);
      if (context.state !== state) {
        context.state = state;
        context.updatedAt = new Date();
        await em.flush();
        cache.forget(id);
      }
      return context;
    },
    async delete(id) {
      const em = db().em();
      const context = await em.findOne(ParticipantContextEntity, { id });
      if (!context) throw problems.notFound(`participant context ${id} does not exist`);
      if (context.state !== 'DEACTIVATED') {
        throw new ProblemError(409, `participant context ${id} is ${context.state}; deactivate it before deleting it`, { type: 'conflict' });
      }
      await em.remove(context).flush();
      cache.forget(id);
    },
    async purge(id) {
      try {
        return await purgeParticipantContext(db(), id);
      } finally {
        cache.forget(id);
      }
    },
  };
}

export function validateNewParticipantContext(body: unknown): NewParticipantContext {
  const errors: Array<{ path: string; problem: string }> = [];
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (input !== body) errors.push({ path: '', problem: 'expected a JSON object' });
  const known = ['id', 'participantId', 'properties'];
  for (const key of Object.keys(input)) if (!known.includes(key)) errors.push({ path: key, problem: `unknown field; known: ${known.join(', ')}` });
  if (input.id !== undefined && (typeof input.id !== 'string' || !PARTICIPANT_CONTEXT_ID.test(input.id))) {
    errors.push({ path: 'id', problem: `must match ${PARTICIPANT_CONTEXT_ID.source}` });
  }
  if (typeof input.participantId !== 'string' || input.participantId.length === 0 || input.participantId.length > 1024) {
    errors.push({ path: 'participantId', problem: 'required: a string of 1 to 1024 characters (the participant id or DID)' });
  }
  if (input.properties !== undefined && (typeof input.properties !== 'object' || input.properties === null || Array.isArray(input.properties))) {
    errors.push({ path: 'properties', problem: 'must be a JSON object' });
  }
  if (errors.length) {
    throw problems.badRequest(errors.map((e) => `${e.path || 'body'}: ${e.problem}`).join('; '), { errors });
  }
  return input as unknown as NewParticipantContext;
}
