/**
 * Consumer pull (Kafka-PULL): scoped, short-lived access to the provider's own broker instead of
 * a relay. A STARTED flow's token generation has a principal with ACLs on the agreed topic and the
 * flow's consumer group, and the consumer a token for it; suspend and terminate delete the ACLs;
 * resume deletes the old generation's and grants a new one, whose consumer continues from the
 * group's committed offsets.
 */
import type { DataAddress, DataFlow, FlowTokens } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';
import type { KafkaSource, PullListener } from '../address/source-address.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { grantPull, revokePull } from './pull-acls.ts';
import { pullAddress } from './pull-address.ts';
import { pullGroupId, pullPrincipal } from './pull-principal.ts';
import type { PullToken, PullTokens } from './pull-tokens.ts';

export interface PullAccessOptions {
  tokens(): Promise<PullTokens>;
  /** The refresh grant; without it the address has no refresh token and the consumer must pull again once its token expired. */
  readonly refresh?: { tokens(): Promise<FlowTokens>; endpoint(): string | undefined };
  readonly clientId: string;
}

export interface PullAccess {
  /**
   * Grants the flow's current token generation and answers its address. Only the previous
   * generation is revoked here: every earlier one was revoked by the handler that moved the flow
   * past it, since the SDK stores a new generation only once its handler succeeded.
   */
  open(flow: DataFlow, source: KafkaSource): Promise<DataAddress>;
  /** Revokes every generation up to the flow's current one. */
  close(flow: DataFlow, source: KafkaSource): Promise<void>;
  /** A new token for the generation a refresh token is bound to, while the flow is STARTED in it. */
  renew(flow: DataFlow, source: KafkaSource): Promise<PullToken>;
}

export function createPullAccess(options: PullAccessOptions): PullAccess {
  const listenerOf = (source: KafkaSource): PullListener => {
    if (!source.pull) throw problems.badRequest(`${PLUGIN_NAME}: the asset's dataAddress names no pull listener (pullBootstrapServers, pullAudience): it cannot be pulled`);
    return source.pull;
  };
  const issue = async (flow: DataFlow, listener: PullListener) => (await options.tokens()).issue(pullPrincipal(flow.id, flow.tokenGeneration), listener.audience);

  return {
    async open(flow, source) {
      const listener = listenerOf(source);
      if (flow.tokenGeneration > 1) await revokePull(source.address, flow.id, flow.tokenGeneration - 1, options.clientId);
      await grantPull(source.address, flow.id, flow.tokenGeneration, options.clientId);
      const { token, expiresIn } = await issue(flow, listener);
      const endpoint = options.refresh?.endpoint();
      const refresh = endpoint && options.refresh ? { token: (await (await options.refresh.tokens()).issue(flow.id, flow.tokenGeneration)).refreshToken, endpoint } : undefined;
      return pullAddress({ listener, topic: source.address.topic, groupId: pullGroupId(flow.id), token, expiresIn, ...(refresh ? { refresh } : {}) });
    },
    async close(flow, source) {
      await revokePull(source.address, flow.id, flow.tokenGeneration, options.clientId);
    },
    renew: async (flow, source) => issue(flow, listenerOf(source)),
  };
}
