import { TdssError } from '@tdss/sdk';
import { checkActivityTypes, defineOrchestration } from '../definition/define-orchestration.ts';
import type { OrchestrationDefinition } from '../definition/orchestration-definition.ts';
import type { WorkflowEngine } from '../engine/create-workflow-engine.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';

/** The definition `Workflows.start` runs: a contributed one by name, or one given inline, checked. */
export function resolveDefinition(engine: WorkflowEngine, orchestration: OrchestrationDefinition | string): OrchestrationDefinition {
  if (typeof orchestration === 'string') {
    const known = engine.definitions.get(orchestration);
    if (known) return known;
    throw new TdssError(`no orchestration named ${JSON.stringify(orchestration)} is contributed`, {
      code: 'WORKFLOW_UNKNOWN_ORCHESTRATION',
      plugin: PLUGIN_NAME,
      hint: `contribute it to WorkflowOrchestrations, or use one of: ${[...engine.definitions.keys()].join(', ') || '(none)'}`,
    });
  }
  const contributed = engine.definitions.get(orchestration.name);
  if (contributed === orchestration) return contributed;
  // Hooks are found by name when an orchestration ends: an inline namesake would run the contributed one's.
  if (contributed) {
    throw new TdssError(`orchestration name ${JSON.stringify(orchestration.name)} belongs to a contributed orchestration`, {
      code: 'WORKFLOW_DEFINITION',
      plugin: PLUGIN_NAME,
      hint: `start the contributed one by name, or give this definition another name`,
    });
  }
  if (orchestration.onEnd) {
    throw new TdssError(`orchestration ${JSON.stringify(orchestration.name)} has an onEnd hook but is not contributed`, {
      code: 'WORKFLOW_DEFINITION',
      plugin: PLUGIN_NAME,
      hint: 'contribute it to WorkflowOrchestrations, so that every replica that may end it has the hook, and start it by name',
    });
  }
  const definition = defineOrchestration(orchestration);
  checkActivityTypes(definition, engine.registry.has);
  return definition;
}
