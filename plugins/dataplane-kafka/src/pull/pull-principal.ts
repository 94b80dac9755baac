/**
 * Names on the provider's broker of a pull flow: its consumer group (the consumer's position,
 * kept across suspend and resume) and a principal per token generation, so that a token handed
 * out before a suspend or resume is worth nothing once its generation's ACLs are gone, even while
 * it has not expired.
 */

/** The consumer group of a pull flow, the one group its principals may use. */
export function pullGroupId(flowId: string): string {
  return `tdss-pull-${flowId}`;
}

/** The principal (`sub` of the tokens, `User:<it>` in the ACLs) of a flow's token generation. */
export function pullPrincipal(flowId: string, generation: number): string {
  return `tdss-pull-${flowId}.${generation}`;
}
