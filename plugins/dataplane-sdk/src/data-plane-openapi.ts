/** The OpenAPI fragment of the data plane API (`createDataPlaneRouter`) mounted at `basePath` of a context. */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { DPS_SCHEMAS, type DpsMessageName } from './messages.ts';

const tags = ['data plane signaling'];
const schema = (name: DpsMessageName) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const flowId = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The data flow (the control plane\'s processId).' };
const status = { description: 'The data flow after the message', ...schema('DataFlowStatusMessage') };
const refused = {
  '400': problemResponse('Not a valid message, or not one for this data flow\'s profile'),
  '404': problemResponse('No such data flow'),
  '409': problemResponse('The data flow\'s state does not allow the message (it changed nothing)'),
};

const message = (summary: string, body: DpsMessageName | undefined, parameters: object[] = [flowId], accepted = false) => ({
  post: {
    tags,
    summary,
    parameters,
    ...(body ? { requestBody: { required: true, ...schema(body) } } : {}),
    responses: { '200': status, ...(accepted ? { '202': { ...status, description: 'Accepted: the flow is PREPARING or STARTING (Location: its status)' } } : {}), ...refused },
  },
});

export function dataPlaneOpenApi(basePath = ''): OpenApiFragment {
  const at = (path: string) => `${basePath}${path}`;
  return {
    tags: [{ name: 'data plane signaling', description: 'The data plane API of Data Plane Signaling 1.0: control planes manage data flows here.' }],
    components: { schemas: Object.fromEntries(Object.entries(DPS_SCHEMAS).map(([name, value]) => [name, value as unknown as Record<string, unknown>])) },
    paths: {
      [at('/dataflows/prepare')]: message('Prepare a data flow (consumer)', 'DataFlowPrepareMessage', [], true),
      [at('/dataflows/start')]: message('Start a data flow (provider); a repeat of the same message gets the same answer', 'DataFlowStartMessage', [], true),
      [at('/dataflows/{id}/started')]: message('The provider started (consumer)', 'DataFlowStartedNotificationMessage'),
      [at('/dataflows/{id}/suspend')]: message('Suspend the data flow', 'DataFlowSuspendMessage'),
      [at('/dataflows/{id}/resume')]: message('Resume the data flow (pull: a fresh data address)', 'DataFlowResumeMessage'),
      [at('/dataflows/{id}/terminate')]: message('Terminate the data flow', 'DataFlowTerminateMessage'),
      [at('/dataflows/{id}/completed')]: message('The transfer completed (empty body)', undefined),
      [at('/dataflows/{id}/status')]: {
        get: { tags, summary: 'The data flow\'s state', parameters: [flowId], responses: { '200': { description: 'Its state', ...schema('DataFlowStatusResponseMessage') }, '404': refused['404'] } },
      },
      [at('/controlplanes')]: {
        put: {
          tags,
          summary: 'Register the control plane that receives the callbacks (replace semantics)',
          requestBody: { required: true, ...schema('ControlPlaneRegistrationMessage') },
          responses: { '200': { description: 'Registered' }, '400': refused['400'] },
        },
      },
      [at('/controlplanes/{controlplaneId}')]: {
        delete: {
          tags,
          summary: 'Remove a control plane registration',
          parameters: [{ name: 'controlplaneId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Removed' }, '404': problemResponse('Not registered') },
        },
      },
    },
  };
}
