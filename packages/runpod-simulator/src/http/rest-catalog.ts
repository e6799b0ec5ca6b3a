import { type FastifyInstance, type FastifyReply } from 'fastify';
import { cudaAtLeast, dataCentersFor, findGpuModel, GPU_MODELS, type GpuModel } from '../catalog.js';
import { mix, hashString } from '../random.js';
import { type SimContext } from './context.js';
import { sendProblem, sendValidation } from './problem.js';

/** REST v2 GPU catalog, with the `include=AVAILABILITY` expansion and its filters. */

type Level = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
const LEVEL_RANK: Record<Level, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

interface CatalogQuery {
  availability: boolean;
  products: string[];
  count: number;
  cloud: 'SECURE' | 'COMMUNITY';
  countryCodes: string[] | null;
  cudaVersions: string[] | null;
  minCudaVersion: string | null;
}

/** `style: form, explode: false` arrays: `a,b`, and tolerate repeated keys too. */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function parseCatalogQuery(query: Record<string, unknown>, reply: FastifyReply): CatalogQuery | null {
  const errors: string[] = [];
  const include = list(query.include);
  const product = list(query.product);
  const countryCodes = list(query.countryCodes);
  const cudaVersions = list(query.cudaVersions);
  const { count, cloud, minCudaVersion } = query;
  if (include && (include.length > 1 || include.some((value) => value !== 'AVAILABILITY'))) {
    errors.push('include: value must be "AVAILABILITY"');
  }
  for (const value of product ?? []) {
    if (!['POD', 'CLUSTER', 'SERVERLESS'].includes(value)) {
      errors.push(`product: value must be one of "POD", "CLUSTER", "SERVERLESS"`);
    }
  }
  if (count !== undefined && (typeof count !== 'string' || !/^\d+$/.test(count) || Number(count) < 1)) {
    errors.push('count: must be an integer >= 1');
  }
  if (cloud !== undefined && cloud !== 'SECURE' && cloud !== 'COMMUNITY') {
    errors.push('cloud: value must be one of "SECURE", "COMMUNITY"');
  }
  for (const code of countryCodes ?? []) {
    if (!/^[A-Z]{2}$/.test(code))
      errors.push(`countryCodes: "${code}" is not an uppercase ISO 3166-1 alpha-2 code`);
  }
  for (const version of cudaVersions ?? []) {
    if (!/^\d+\.\d+$/.test(version)) errors.push(`cudaVersions: "${version}" must be major.minor`);
  }
  if (
    minCudaVersion !== undefined &&
    (typeof minCudaVersion !== 'string' || !/^\d+(\.\d+)?$/.test(minCudaVersion))
  ) {
    errors.push('minCudaVersion: must be major or major.minor');
  }
  if (errors.length > 0) {
    sendValidation(reply, errors);
    return null;
  }
  const availability = include !== undefined && include.length > 0;
  if (availability && (!product || product.length === 0)) {
    sendProblem(reply, 400, 'product is required with include=AVAILABILITY');
    return null;
  }
  const needsInclude = { product, count, cloud, countryCodes, cudaVersions, minCudaVersion };
  for (const [name, value] of Object.entries(needsInclude)) {
    if (value !== undefined && !availability) {
      sendProblem(reply, 400, `${name} is valid only with include=AVAILABILITY`);
      return null;
    }
  }
  if (cudaVersions && minCudaVersion !== undefined) {
    sendProblem(reply, 400, 'cudaVersions and minCudaVersion are mutually exclusive');
    return null;
  }
  return {
    availability,
    products: product ?? [],
    count: typeof count === 'string' ? Number(count) : 1,
    cloud: cloud === 'COMMUNITY' ? 'COMMUNITY' : 'SECURE',
    countryCodes: countryCodes ?? null,
    cudaVersions: cudaVersions ?? null,
    minCudaVersion: typeof minCudaVersion === 'string' ? minCudaVersion : null,
  };
}

export function registerCatalogRoutes(app: FastifyInstance, ctx: SimContext): void {
  const seed = ctx.world.options.seed;

  /** Stock per data center: fixed per (seed, type, data center, product). */
  const stock = (model: GpuModel, dcId: string, query: CatalogQuery): Level => {
    const maxCount = query.cloud === 'SECURE' ? model.maxSecure : model.maxCommunity;
    if (query.count > maxCount) return 'NONE';
    if (query.cloud === 'COMMUNITY' && model.communityPrice === null) return 'NONE';
    let best: Level = 'NONE';
    for (const product of query.products) {
      const roll = mix(seed, hashString(model.id), hashString(dcId), hashString(product)) % 100;
      const level: Level = roll < 15 ? 'NONE' : roll < 40 ? 'LOW' : roll < 70 ? 'MEDIUM' : 'HIGH';
      if (LEVEL_RANK[level] > LEVEL_RANK[best]) best = level;
    }
    return best;
  };

  const cudaOffered = (model: GpuModel, query: CatalogQuery): string[] =>
    model.cudaVersions.filter(
      (version) =>
        (query.cudaVersions === null || query.cudaVersions.includes(version)) &&
        (query.minCudaVersion === null || cudaAtLeast(version, query.minCudaVersion)),
    );

  /** The catalog entry, or null when a country filter leaves the type nowhere (list only). */
  const gpuType = (model: GpuModel, query: CatalogQuery | null, forList: boolean) => {
    const base: Record<string, unknown> = {
      id: model.id,
      name: model.name,
      pool: model.pool,
      manufacturer: model.manufacturer,
      memory: model.memoryGb,
      secure: true,
      community: model.communityPrice !== null,
      price: {
        secure: model.securePrice,
        community: model.communityPrice ?? 0,
        ...(model.serverlessPrice !== null ? { serverless: model.serverlessPrice } : {}),
      },
      maxCount: { secure: model.maxSecure, community: model.maxCommunity },
    };
    if (!query?.availability) return base;
    const inCountries = dataCentersFor(model).filter(
      (dc) => query.countryCodes === null || query.countryCodes.includes(dc.country),
    );
    if (inCountries.length === 0) {
      if (forList) return null;
      return { ...base, availability: 'NONE' };
    }
    const versions = cudaOffered(model, query);
    const cudaBlocked = model.cudaVersions.length > 0 && versions.length === 0;
    const dataCenters = inCountries
      .map((dc) => ({
        id: dc.id,
        name: dc.name,
        availability: cudaBlocked ? 'NONE' : stock(model, dc.id, query),
      }))
      .filter((dc) => dc.availability !== 'NONE');
    const overall = dataCenters.reduce<Level>(
      (best, dc) => (LEVEL_RANK[dc.availability] > LEVEL_RANK[best] ? dc.availability : best),
      'NONE',
    );
    return {
      ...base,
      availability: overall,
      ...(dataCenters.length > 0 ? { dataCenters } : {}),
      ...(model.cudaVersions.length > 0
        ? { cudaVersions: versions.map((version) => ({ version, available: overall !== 'NONE' })) }
        : {}),
    };
  };

  app.get<{ Querystring: Record<string, unknown> }>(
    '/v2/catalog/gpus',
    { config: { api: 'rest' } },
    (request, reply) => {
      const query = parseCatalogQuery(request.query, reply);
      if (!query) return reply;
      return { gpus: GPU_MODELS.map((model) => gpuType(model, query, true)).filter((gpu) => gpu !== null) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v2/catalog/gpus/:id',
    { config: { api: 'rest' } },
    (request, reply) => {
      const query = parseCatalogQuery(request.query, reply);
      if (!query) return reply;
      const model = findGpuModel(request.params.id);
      if (!model) return sendProblem(reply, 404, `GPU type "${request.params.id}" not found`);
      return gpuType(model, query, false);
    },
  );
}
