import { type Static, Type } from '@tdss/sdk';
import { StateMachineSettings } from '@tdss/state-machine';

export const WorkflowSettings = Type.Object(
  {
    steps: StateMachineSettings,
  },
  { default: {}, description: 'Settings of @tdss/workflow.' },
);

export type WorkflowSettings = Static<typeof WorkflowSettings>;
