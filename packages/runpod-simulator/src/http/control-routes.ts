import { type FastifyInstance, type FastifyReply } from 'fastify';
import { type AddPodsInput, type SimulatorControl } from '../control.js';
import { SimControlError, SimInputError } from '../errors.js';
import {
  type EnqueueJobsInput,
  type FaultInput,
  type GraphqlState,
  type PodAction,
  type ProfileName,
  type SimQuirks,
} from '../types.js';
import { isPlainObject, readJsonBody } from './body.js';

/**
 * The control API under `/__sim`: no auth, JSON in and out, each route one SimulatorControl
 * method. Errors are `{ "error": "…" }` with 400 (bad input), 404 or 409.
 */

export interface ControlUrls {
  url: string;
  restUrl: string;
  graphqlUrl: string;
  serverlessUrl: string;
  controlUrl: string;
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SimInputError) return reply.code(400).send({ error: error.message });
  if (error instanceof SimControlError) return reply.code(error.status).send({ error: error.message });
  throw error;
}

/** Runs `fn` and maps the control errors to their status codes. */
function guarded<T>(reply: FastifyReply, fn: () => T): T | FastifyReply {
  try {
    return fn();
  } catch (error) {
    return sendError(reply, error);
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw new SimInputError('the body must be a JSON object');
  return body;
}

export function registerControlRoutes(
  app: FastifyInstance,
  control: SimulatorControl,
  urls: () => ControlUrls,
): void {
  const config = { config: { api: 'control' as const } };
  const body = (request: Parameters<typeof readJsonBody>[0]): unknown => {
    const parsed = readJsonBody(request);
    if (!parsed.ok) throw new SimInputError(parsed.detail);
    return parsed.value;
  };

  app.get('/__sim', config, () => ({
    ...urls(),
    now: control.now().toISOString(),
    clockSettable: control.clockSettable,
    pods: control.podCount(),
    routes: [
      'GET /__sim/pods',
      'POST /__sim/pods',
      'DELETE /__sim/pods/{id}',
      'PUT /__sim/pods/{id}/profile',
      'PUT /__sim/pods/{id}/stuck',
      'PUT /__sim/pods/{id}/billing-lag',
      'POST /__sim/pods/{id}/action',
      'GET /__sim/history',
      'GET /__sim/clock',
      'POST /__sim/clock',
      'GET /__sim/faults',
      'POST /__sim/faults',
      'DELETE /__sim/faults',
      'DELETE /__sim/faults/{id}',
      'GET /__sim/endpoints/{id}/health',
      'POST /__sim/endpoints/{id}/jobs',
      'GET /__sim/requests',
      'DELETE /__sim/requests',
      'GET /__sim/graphql',
      'PUT /__sim/graphql',
      'GET /__sim/quirks',
      'PUT /__sim/quirks',
      'GET /__sim/contract-violations',
      'DELETE /__sim/contract-violations',
      'POST /__sim/reset',
    ],
  }));

  app.get('/__sim/pods', config, () => ({ pods: control.listPods() }));

  app.post('/__sim/pods', config, (request, reply) =>
    guarded(reply, () => reply.code(201).send({ pods: control.addPods(body(request) as AddPodsInput) })),
  );

  app.delete<{ Params: { id: string } }>('/__sim/pods/:id', config, (request, reply) =>
    guarded(reply, () => {
      control.removePod(request.params.id);
      return reply.code(204).send();
    }),
  );

  app.put<{ Params: { id: string } }>('/__sim/pods/:id/profile', config, (request, reply) =>
    guarded(reply, () =>
      control.setProfile(request.params.id, objectBody(body(request)).profile as ProfileName),
    ),
  );

  app.put<{ Params: { id: string } }>('/__sim/pods/:id/billing-lag', config, (request, reply) =>
    guarded(reply, () =>
      control.setBillingLag(request.params.id, objectBody(body(request)).seconds as number),
    ),
  );

  app.put<{ Params: { id: string } }>('/__sim/pods/:id/stuck', config, (request, reply) =>
    guarded(reply, () => {
      const { stuck = true } = objectBody(body(request));
      return control.setStuck(request.params.id, stuck as boolean);
    }),
  );

  app.post<{ Params: { id: string } }>('/__sim/pods/:id/action', config, (request, reply) =>
    guarded(reply, () => control.podAction(request.params.id, objectBody(body(request)).action as PodAction)),
  );

  app.get('/__sim/history', config, () => ({ pods: control.history() }));

  app.get('/__sim/clock', config, () => ({
    now: control.now().toISOString(),
    settable: control.clockSettable,
  }));

  app.post('/__sim/clock', config, (request, reply) =>
    guarded(reply, () => {
      const input = objectBody(body(request));
      let now: Date;
      if (input.set !== undefined && input.advanceMs === undefined) {
        if (typeof input.set !== 'string' && typeof input.set !== 'number') {
          throw new SimInputError('set must be an ISO date-time or epoch milliseconds');
        }
        now = control.setClock(input.set);
      } else if (input.advanceMs !== undefined && input.set === undefined) {
        now = control.advanceClock(input.advanceMs as number);
      } else {
        throw new SimInputError('send exactly one of {"set": "<ISO date-time>"} or {"advanceMs": <ms>}');
      }
      return { now: now.toISOString() };
    }),
  );

  app.get('/__sim/faults', config, () => ({ faults: control.listFaults() }));

  app.post('/__sim/faults', config, (request, reply) =>
    guarded(reply, () => {
      const input = body(request);
      const faults = (Array.isArray(input) ? input : [input]).map((fault) =>
        control.addFault(fault as FaultInput),
      );
      return reply.code(201).send({ faults });
    }),
  );

  app.delete('/__sim/faults', config, (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/__sim/faults/:id', config, (request, reply) =>
    guarded(reply, () => {
      control.removeFault(request.params.id);
      return reply.code(204).send();
    }),
  );

  app.get<{ Params: { id: string } }>('/__sim/endpoints/:id/health', config, (request, reply) =>
    guarded(reply, () => control.endpointHealth(request.params.id)),
  );

  app.post<{ Params: { id: string } }>('/__sim/endpoints/:id/jobs', config, (request, reply) =>
    guarded(reply, () =>
      reply
        .code(202)
        .send(
          control.enqueueJobs(request.params.id, objectBody(body(request)) as unknown as EnqueueJobsInput),
        ),
    ),
  );

  app.get('/__sim/requests', config, () => control.requestCounts());

  app.delete('/__sim/requests', config, (_request, reply) => {
    control.resetRequestCounts();
    return reply.code(204).send();
  });

  app.get('/__sim/graphql', config, () => ({ state: control.graphql() }));

  app.put('/__sim/graphql', config, (request, reply) =>
    guarded(reply, () => ({
      state: control.setGraphql(objectBody(body(request)).state as GraphqlState),
    })),
  );

  app.get('/__sim/quirks', config, () => control.quirks());

  app.put('/__sim/quirks', config, (request, reply) =>
    guarded(reply, () => control.setQuirks(objectBody(body(request)) as SimQuirks)),
  );

  app.get('/__sim/contract-violations', config, () => ({ violations: control.contractViolations() }));

  app.delete('/__sim/contract-violations', config, (_request, reply) => {
    control.clearContractViolations();
    return reply.code(204).send();
  });

  app.post('/__sim/reset', config, () => {
    control.reset();
    return { pods: control.podCount() };
  });
}
