import { type FastifyInstance } from 'fastify';
import { findDataCenter, GPU_MODELS, SERVERLESS_POOLS } from '../catalog.js';
import { endpointToRest, workersToRest } from '../rest-views.js';
import { rescale, type Scaling, workerRate } from '../serverless.js';
import { readJsonBody } from './body.js';
import { applyContainerUpdate, containerFingerprint } from './container.js';
import { type SimContext } from './context.js';
import { sendProblem, sendValidation } from './problem.js';

/** REST v2 serverless endpoints: list, get, update (workers, scaling, …) and workers. */

interface IdParams {
  id: string;
}

interface UpdateEndpointBody {
  name?: string;
  image?: string;
  args?: string;
  disk?: number;
  ports?: string[];
  env?: Record<string, string>;
  registry?: string | null;
  cpu?: unknown[];
  gpu?: {
    pools?: string[];
    excludedTypes?: string[];
    count?: number;
    allowedCudaVersions?: string[];
    minCudaVersion?: string;
  };
  dataCenterIds?: string[];
  networkVolumes?: string[];
  flashboot?: 'OFF' | 'FLASHBOOT' | 'PRIORITY_FLASHBOOT';
  scaling?: Scaling;
  templateId?: string;
  timeout?: number;
  workers?: { min?: number; max?: number; idleTimeout?: number };
}

export function registerServerlessRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { world } = ctx;

  app.get('/v2/serverless', { config: { api: 'rest' } }, () => {
    const t = world.now();
    return {
      endpoints: world.listedEndpoints(t).map((ep) => endpointToRest(ep, world.serverlessUrl, world.quirks)),
    };
  });

  app.get<{ Params: IdParams }>('/v2/serverless/:id', { config: { api: 'rest' } }, (request, reply) => {
    const ep = world.findEndpoint(request.params.id, world.now());
    if (!ep) return sendProblem(reply, 404, `endpoint ${request.params.id} not found`);
    return endpointToRest(ep, world.serverlessUrl, world.quirks);
  });

  app.get<{ Params: IdParams }>(
    '/v2/serverless/:id/workers',
    { config: { api: 'rest' } },
    (request, reply) => {
      const t = world.now();
      const ep = world.findEndpoint(request.params.id, t);
      if (!ep) return sendProblem(reply, 404, `endpoint ${request.params.id} not found`);
      return workersToRest(ep, t, world.quirks);
    },
  );

  app.patch<{ Params: IdParams }>('/v2/serverless/:id', { config: { api: 'rest' } }, (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendProblem(reply, 400, body.detail);
    const errors = ctx.openapi.validateSchema('UpdateEndpointRequest', body.value);
    if (errors.length > 0) return sendValidation(reply, errors);
    const input = body.value as UpdateEndpointBody;
    const t = world.now();
    const ep = world.findEndpoint(request.params.id, t);
    if (!ep) return sendProblem(reply, 404, `endpoint ${request.params.id} not found`);
    if (input.templateId !== undefined)
      return sendProblem(reply, 404, `template ${input.templateId} not found`);
    if (input.cpu !== undefined)
      return sendProblem(reply, 400, 'cpu on a GPU endpoint: compute family is immutable');
    if (input.networkVolumes && input.networkVolumes.length > 0) {
      return sendProblem(reply, 404, `network volume ${input.networkVolumes[0] ?? ''} not found`);
    }
    for (const dc of input.dataCenterIds ?? []) {
      if (!findDataCenter(dc)) return sendProblem(reply, 400, `unknown data center "${dc}"`);
    }
    const pools = input.gpu?.pools ?? ep.pools;
    for (const pool of pools) {
      if (!SERVERLESS_POOLS.includes(pool)) return sendProblem(reply, 400, `unknown GPU pool "${pool}"`);
    }
    for (const excluded of input.gpu?.excludedTypes ?? []) {
      const model = GPU_MODELS.find((m) => m.id === excluded.trim());
      if (!model || !model.pool || !pools.includes(model.pool)) {
        return sendProblem(
          reply,
          400,
          `excludedTypes: "${excluded}" is not a GPU type in the selected pools`,
        );
      }
    }
    const allowedCuda = input.gpu?.allowedCudaVersions ?? ep.allowedCudaVersions;
    const minCuda =
      input.gpu?.minCudaVersion !== undefined ? input.gpu.minCudaVersion || null : ep.minCudaVersion;
    if (
      allowedCuda.length > 0 &&
      minCuda !== null &&
      (input.gpu?.allowedCudaVersions || input.gpu?.minCudaVersion)
    ) {
      return sendProblem(reply, 400, 'gpu.allowedCudaVersions and gpu.minCudaVersion are mutually exclusive');
    }
    const min = input.workers?.min ?? ep.workersMin;
    const max = input.workers?.max ?? ep.workersMax;
    if (min > max)
      return sendProblem(reply, 400, `workers.min (${min}) must not exceed workers.max (${max})`);
    const scaling = input.scaling ?? ep.scaling;
    if (scaling.type === 'REQUEST_COUNT' && input.workers?.idleTimeout !== undefined) {
      return sendProblem(
        reply,
        400,
        'workers.idleTimeout does not apply to endpoints scaling on REQUEST_COUNT',
      );
    }
    if (input.timeout !== undefined && input.timeout <= 0) {
      return sendProblem(reply, 400, 'timeout must be a positive number of milliseconds');
    }

    const container = () => containerFingerprint(ep, ep.disk);
    const before = container();
    applyContainerUpdate(ep, input);
    if (input.disk !== undefined) ep.disk = input.disk;
    // A container change is a new release: live workers keep the old version and show as stale.
    if (container() !== before) ep.version++;
    if (input.gpu?.pools) {
      ep.pools = [...input.gpu.pools];
      ep.excludedTypes = (input.gpu.excludedTypes ?? []).map((type) => type.trim());
    }
    if (input.gpu?.count !== undefined) ep.gpuCount = input.gpu.count;
    ep.workerRatePerHr = workerRate(ep.pools, ep.gpuCount);
    ep.allowedCudaVersions = [...allowedCuda];
    ep.minCudaVersion = minCuda;
    if (input.dataCenterIds !== undefined) ep.dataCenterIds = [...input.dataCenterIds];
    if (input.networkVolumes !== undefined) ep.networkVolumes = [...input.networkVolumes];
    if (input.flashboot !== undefined) ep.flashboot = input.flashboot;
    if (input.timeout !== undefined) ep.timeoutMs = input.timeout;
    ep.scaling = { ...scaling };
    ep.workersMin = min;
    ep.workersMax = max;
    if (input.workers?.idleTimeout !== undefined) ep.idleTimeoutS = input.workers.idleTimeout;
    rescale(ep, t);
    return endpointToRest(ep, world.serverlessUrl, world.quirks);
  });
}
