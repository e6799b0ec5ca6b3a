import { type FastifyInstance, type FastifyReply } from 'fastify';
import { cudaAtLeast, dataCentersFor, findCpuFlavor, findGpuModel } from '../catalog.js';
import {
  applyPodAction,
  PodActionError,
  podPhase,
  type PodRecord,
  type PodSpec,
  resetContainer,
} from '../pods.js';
import { podToRest } from '../rest-views.js';
import { PROFILE_NAMES, type PodAction, type ProfileName } from '../types.js';
import { isPlainObject, readJsonBody } from './body.js';
import { applyContainerUpdate, containerFingerprint } from './container.js';
import { type SimContext } from './context.js';
import { sendProblem, sendValidation } from './problem.js';

/** REST v2 pods: list, create, get, update, terminate and lifecycle actions. */

interface IdParams {
  id: string;
}

interface CreatePodBody {
  name: string;
  image?: string;
  args?: string;
  disk?: number;
  ports?: string[];
  env?: Record<string, string>;
  registry?: string | null;
  cloud?: 'SECURE' | 'COMMUNITY';
  cpu?: { id: string; vcpuCount: number };
  gpu?: { id: string; count?: number; allowedCudaVersions?: string[]; minCudaVersion?: string };
  dataCenterIds?: string[];
  globalNetworking?: boolean;
  mounts?: { persistent?: { size: number; path: string }; network?: { volumeId: string; path: string }[] };
  templateId?: string;
}

type UpdatePodBody = Partial<Omit<CreatePodBody, 'cpu' | 'gpu' | 'cloud' | 'dataCenterIds'>> & {
  locked?: boolean;
};

/**
 * Where a page starts: after the pod the cursor names (an opaque base64url pod id; pods keep
 * their creation order, so a pod terminated between pages shifts nothing). `null` for a cursor
 * this API did not give.
 */
function pageStart(cursor: unknown, listed: PodRecord[], order: string[]): number | null {
  if (cursor === undefined) return 0;
  if (typeof cursor !== 'string' || cursor === '') return null;
  const position = order.indexOf(Buffer.from(cursor, 'base64url').toString());
  if (position < 0) return null;
  const rank = new Map(order.map((id, index) => [id, index]));
  const index = listed.findIndex((pod) => (rank.get(pod.id) ?? -1) > position);
  return index < 0 ? listed.length : index;
}

const NO_CAPACITY = 'There are no instances currently available with the requested specifications.';

export function registerPodRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { world } = ctx;
  const tr = () => world.transitions;
  const view = (pod: PodRecord, t: number) => {
    const status = podPhase(pod, tr(), t);
    return podToRest(pod, status === 'GONE' ? 'TERMINATED' : status, tr(), t, world.quirks);
  };
  const notFound = (reply: FastifyReply, id: string) => sendProblem(reply, 404, `pod ${id} not found`);

  app.get<{ Querystring: Record<string, unknown> }>(
    '/v2/pods',
    { config: { api: 'rest' } },
    (request, reply) => {
      const include = request.query.includeClusterPods;
      if (include !== undefined && include !== 'true' && include !== 'false') {
        return sendValidation(reply, [
          'includeClusterPods: expected boolean, got ' + JSON.stringify(include),
        ]);
      }
      const t = world.now();
      const listed = world.listedPods(t, include === 'true');
      const start = pageStart(request.query.cursor, listed, [...world.pods.keys()]);
      if (start === null) return sendProblem(reply, 400, 'cursor: not a cursor this API returned');
      const size = world.options.pageSize ?? listed.length;
      const page = listed.slice(start, start + size);
      const next = start + size < listed.length ? page.at(-1) : undefined;
      return {
        pods: page.map((pod) => view(pod, t)),
        ...(next ? { nextCursor: Buffer.from(next.id).toString('base64url') } : {}),
      };
    },
  );

  app.get<{ Params: IdParams }>('/v2/pods/:id', { config: { api: 'rest' } }, (request, reply) => {
    const t = world.now();
    const pod = world.findPod(request.params.id, t);
    return pod ? view(pod, t) : notFound(reply, request.params.id);
  });

  app.post('/v2/pods', { config: { api: 'rest' } }, (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendProblem(reply, 400, body.detail);
    const errors = ctx.openapi.validateSchema('CreatePodRequest', body.value);
    if (errors.length > 0) return sendValidation(reply, errors);
    const input = body.value as CreatePodBody;
    if ((input.gpu && input.cpu) || (!input.gpu && !input.cpu)) {
      return sendProblem(reply, 400, 'exactly one of gpu or cpu must be set');
    }
    if (input.templateId !== undefined)
      return sendProblem(reply, 404, `template ${input.templateId} not found`);
    if (input.mounts?.persistent && input.mounts.network) {
      return sendProblem(reply, 400, 'mounts.persistent and mounts.network are mutually exclusive');
    }
    if (input.mounts?.network && input.mounts.network.length > 0) {
      return sendProblem(reply, 404, `network volume ${input.mounts.network[0]?.volumeId ?? ''} not found`);
    }
    if (input.mounts?.network) return sendProblem(reply, 400, 'mounts.network must name a volume');
    const cloud = input.cloud ?? 'SECURE';
    let gpuTypeId: string | null = null;
    let gpuCount = 0;
    let cpu: PodSpec['cpu'] = null;
    let dataCenterId = 'US-KS-2';
    if (input.gpu) {
      const model = findGpuModel(input.gpu.id);
      if (!model) return sendProblem(reply, 400, `unknown GPU type "${input.gpu.id}"`);
      gpuTypeId = model.id;
      gpuCount = input.gpu.count ?? 1;
      const allowed = input.gpu.allowedCudaVersions ?? [];
      if (allowed.length > 0 && input.gpu.minCudaVersion !== undefined) {
        return sendProblem(
          reply,
          400,
          'gpu.allowedCudaVersions and gpu.minCudaVersion are mutually exclusive',
        );
      }
      const maxCount = cloud === 'SECURE' ? model.maxSecure : model.maxCommunity;
      const cudaOk =
        (allowed.length === 0 || allowed.some((v) => model.cudaVersions.includes(v))) &&
        (input.gpu.minCudaVersion === undefined ||
          model.cudaVersions.some((v) => cudaAtLeast(v, input.gpu?.minCudaVersion ?? '0.0')));
      if (gpuCount > maxCount || (cloud === 'COMMUNITY' && model.communityPrice === null) || !cudaOk) {
        return sendProblem(reply, 400, NO_CAPACITY);
      }
      const offered = dataCentersFor(model);
      const wanted = input.dataCenterIds ?? [];
      const placed = wanted.length > 0 ? offered.find((dc) => wanted.includes(dc.id)) : offered[0];
      if (!placed) return sendProblem(reply, 400, `${NO_CAPACITY} (data centers: ${wanted.join(', ')})`);
      dataCenterId = placed.id;
      if (input.globalNetworking && model.manufacturer !== 'NVIDIA') {
        return sendProblem(reply, 400, 'global networking requires an NVIDIA GPU');
      }
    } else if (input.cpu) {
      const flavor = findCpuFlavor(input.cpu.id);
      if (!flavor) return sendProblem(reply, 400, `unknown CPU flavor "${input.cpu.id}"`);
      if (!flavor.vcpuCounts.includes(input.cpu.vcpuCount)) {
        return sendProblem(
          reply,
          400,
          `vcpuCount must be a power of two offered by ${flavor.id}: ${flavor.vcpuCounts.join(', ')}`,
        );
      }
      if (input.mounts?.persistent)
        return sendProblem(reply, 400, 'mounts.persistent is invalid for CPU pods');
      if (input.globalNetworking) return sendProblem(reply, 400, 'global networking requires an NVIDIA GPU');
      cpu = { flavorId: flavor.id, vcpuCount: input.cpu.vcpuCount };
      dataCenterId = input.dataCenterIds?.[0] ?? 'US-KS-2';
    }
    const env = input.env ?? {};
    const requested = env.SIM_PROFILE;
    const profile: ProfileName = PROFILE_NAMES.find((name) => name === requested) ?? 'idle';
    const t = world.now();
    const pod = world.createPod(
      {
        id: world.newPodId(),
        name: input.name,
        image: input.image ?? '',
        args: input.args ?? '',
        gpuTypeId,
        gpuCount,
        cpu,
        profile,
        cloud,
        dataCenterId,
        containerDiskInGb: input.disk ?? 50,
        volumeInGb: input.mounts?.persistent?.size ?? 0,
        volumeMountPath: input.mounts?.persistent?.path ?? '/workspace',
        ports: input.ports ?? [],
        env,
        registry: input.registry ?? null,
        locked: false,
        interruptible: false,
        globalNetworking: input.globalNetworking ?? false,
        stuck: false,
      },
      t,
    );
    return reply.code(201).send(view(pod, t));
  });

  app.patch<{ Params: IdParams }>('/v2/pods/:id', { config: { api: 'rest' } }, (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendProblem(reply, 400, body.detail);
    const errors = ctx.openapi.validateSchema('UpdatePodRequest', body.value);
    if (errors.length > 0) return sendValidation(reply, errors);
    const input = body.value as UpdatePodBody;
    if (input.templateId !== undefined)
      return sendProblem(reply, 404, `template ${input.templateId} not found`);
    const t = world.now();
    const pod = world.findLivePod(request.params.id, t);
    if (!pod) return notFound(reply, request.params.id);
    if (input.mounts?.network !== undefined) {
      return sendProblem(reply, 400, 'mount kind is fixed at create: this pod has no network mount');
    }
    if (input.mounts?.persistent && pod.volumeInGb === 0) {
      return sendProblem(reply, 400, 'mount kind is fixed at create: this pod has no persistent mount');
    }
    if (input.globalNetworking && (!pod.model || pod.model.manufacturer !== 'NVIDIA')) {
      return sendProblem(reply, 400, 'global networking requires an NVIDIA GPU');
    }
    const container = () => containerFingerprint(pod, pod.containerDiskInGb, pod.volumeInGb);
    const before = container();
    applyContainerUpdate(pod, input);
    if (input.disk !== undefined) pod.containerDiskInGb = input.disk;
    if (input.locked !== undefined) pod.locked = input.locked;
    if (input.globalNetworking !== undefined) pod.globalNetworking = input.globalNetworking;
    if (input.mounts?.persistent) {
      pod.volumeInGb = input.mounts.persistent.size;
      pod.volumeMountPath = input.mounts.persistent.path;
    }
    if (container() !== before) resetContainer(pod, tr(), t);
    return view(pod, t);
  });

  app.delete<{ Params: IdParams }>('/v2/pods/:id', { config: { api: 'rest' } }, (request, reply) => {
    const t = world.now();
    const pod = world.findLivePod(request.params.id, t);
    if (!pod) return notFound(reply, request.params.id);
    applyPodAction(pod, 'terminate', tr(), t);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParams }>('/v2/pods/:id/action', { config: { api: 'rest' } }, (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendProblem(reply, 400, body.detail);
    const errors = ctx.openapi.validateSchema('PodActionRequest', body.value);
    if (errors.length > 0) return sendValidation(reply, errors);
    const action = (isPlainObject(body.value) ? body.value.action : undefined) as PodAction;
    const t = world.now();
    const pod = world.findPod(request.params.id, t);
    if (!pod) return notFound(reply, request.params.id);
    try {
      applyPodAction(pod, action, tr(), t);
    } catch (error) {
      if (error instanceof PodActionError) {
        const allowed = view(pod, t).actions as string[];
        return sendProblem(
          reply,
          409,
          `${error.message}; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
        );
      }
      throw error;
    }
    if (action === 'terminate') return reply.code(204).send();
    return view(pod, t);
  });
}
