/**
 * @tdss/state-machine: durable, lease-based processing of persisted state machines (DSP contract
 * negotiations, transfer processes, provisioning workflows) on the TDSS database.
 */
export { stateMachineProperties } from './model/state-machine-properties.ts';
export { addStateMachineColumns, createStateMachineIndexes } from './model/add-state-machine-columns.ts';
export type { StateMachineRow } from './model/state-machine-row.ts';
export { createStateMachine, type StateMachine, type StateMachineOptions } from './machine/create-state-machine.ts';
export type { Changes, ExhaustedHandler, Outcome, Processor, Step } from './machine/outcome.ts';
export type { TransitionRequest, TransitionResult } from './machine/apply-transition.ts';
export type { MoveRequest, MoveResult } from './machine/move-row.ts';
export type { Claim } from './machine/claim-due-rows.ts';
export { MACHINE_DEFAULTS, RetrySettings, StateMachineSettings } from './machine/state-machine-settings.ts';
export { type EntityTable, resolveEntityTable } from './machine/entity-table.ts';
export { findRow } from './machine/find-row.ts';
export { type FindContext, mapRow } from './machine/map-row.ts';
