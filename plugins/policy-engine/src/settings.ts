import { type Static, Type } from '@tdss/sdk';
import { DEFAULT_SCOPE_OPTIONS } from './engine/policy-engine.ts';
import type { PolicyScope } from './model/evaluation.ts';

const scope = (name: PolicyScope, what: string) =>
  Type.Object(
    {
      unknownLeftOperand: Type.Union([Type.Literal('deny'), Type.Literal('ignore')], {
        default: DEFAULT_SCOPE_OPTIONS[name].unknownLeftOperand,
        description:
          'A constraint whose left operand has no function in this scope: `deny` fails it (the policy then denies unless ' +
          'an alternative holds), `ignore` leaves it out as if it were not written.',
      }),
    },
    { default: {}, description: `Evaluation ${what} (scope \`${name}\`).` },
  );

export const PolicyEngineSettings = Type.Object({
  scopes: Type.Object(
    {
      catalog: scope('catalog', 'of offers for a catalog or dataset response'),
      'contract.negotiation': scope('contract.negotiation', 'of offers during a contract negotiation'),
      'transfer.process': scope('transfer.process', 'of agreements when a transfer starts or resumes'),
    },
    { default: {}, description: 'Per-scope evaluation options.' },
  ),
});

export type PolicyEngineSettings = Static<typeof PolicyEngineSettings>;
