/**
 * The hardware the simulator rents out: GPU types (ids exactly as RunPod spells them), their
 * prices and thermal envelopes, CPU flavors and data centers.
 *
 * Thermal figures are per GPU: idle and busy temperature (°C), idle draw and board power limit
 * (W). The H100 idle point follows a real `nvidia-smi` (37 °C, 126 W at P0, 81559 MiB); the rest
 * follow the vendors' board power and typical data-centre temperatures.
 */

export interface GpuModel {
  id: string;
  /** Catalog `name` and GraphQL `gpuDisplayName`. */
  name: string;
  /** Serverless pool id, or null when the type is in no serverless pool. */
  pool: string | null;
  manufacturer: 'NVIDIA' | 'AMD';
  memoryGb: number;
  securePrice: number;
  /** Null: not offered on community cloud. */
  communityPrice: number | null;
  /** $/h per GPU for a serverless worker on this type's pool. */
  serverlessPrice: number | null;
  maxSecure: number;
  maxCommunity: number;
  idleTempC: number;
  busyTempC: number;
  idleWatts: number;
  maxWatts: number;
  cudaVersions: readonly string[];
}

const CUDA_RECENT = ['12.8', '12.6', '12.4'] as const;
const CUDA_BLACKWELL = ['13.0', '12.9', '12.8'] as const;

export const GPU_MODELS: readonly GpuModel[] = [
  gpu(
    'NVIDIA H100 80GB HBM3',
    'H100 SXM',
    'ADA_80_PRO',
    'NVIDIA',
    80,
    2.69,
    2.39,
    4.18,
    8,
    8,
    35,
    71,
    110,
    700,
  ),
  gpu('NVIDIA H100 PCIe', 'H100 PCIe', 'ADA_80_PRO', 'NVIDIA', 80, 2.39, 1.99, 4.18, 8, 8, 34, 68, 55, 350),
  gpu('NVIDIA H100 NVL', 'H100 NVL', 'ADA_80_PRO', 'NVIDIA', 94, 2.79, 2.59, 4.18, 8, 8, 34, 69, 65, 400),
  gpu('NVIDIA H200', 'H200 SXM', 'HOPPER_141', 'NVIDIA', 141, 3.59, 3.29, 5.58, 8, 8, 34, 72, 120, 700),
  gpu('NVIDIA B200', 'B200', 'BLACKWELL_180', 'NVIDIA', 180, 5.99, null, 8.64, 8, 0, 35, 75, 160, 1000),
  gpu(
    'NVIDIA A100-SXM4-80GB',
    'A100 SXM',
    'AMPERE_80',
    'NVIDIA',
    80,
    1.74,
    1.39,
    2.72,
    8,
    8,
    32,
    68,
    60,
    400,
  ),
  gpu(
    'NVIDIA A100 80GB PCIe',
    'A100 PCIe',
    'AMPERE_80',
    'NVIDIA',
    80,
    1.64,
    1.19,
    2.72,
    8,
    8,
    33,
    66,
    45,
    300,
  ),
  gpu('NVIDIA L40S', 'L40S', 'ADA_48_PRO', 'NVIDIA', 48, 0.86, 0.79, 1.9, 8, 8, 32, 72, 35, 350),
  gpu(
    'NVIDIA RTX 6000 Ada Generation',
    'RTX 6000 Ada',
    'ADA_48_PRO',
    'NVIDIA',
    48,
    0.77,
    0.74,
    1.9,
    8,
    8,
    31,
    74,
    25,
    300,
  ),
  gpu('NVIDIA A40', 'A40', 'AMPERE_48', 'NVIDIA', 48, 0.44, 0.35, 1.22, 8, 8, 30, 75, 30, 300),
  gpu('NVIDIA RTX A6000', 'RTX A6000', 'AMPERE_48', 'NVIDIA', 48, 0.49, 0.33, 1.22, 8, 8, 30, 79, 25, 300),
  gpu('NVIDIA GeForce RTX 4090', 'RTX 4090', 'ADA_24', 'NVIDIA', 24, 0.69, 0.34, 1.1, 8, 8, 33, 70, 20, 450),
  gpu('NVIDIA L4', 'L4', 'ADA_24', 'NVIDIA', 24, 0.43, null, 0.69, 8, 0, 30, 65, 16, 72),
  gpu('NVIDIA RTX A5000', 'RTX A5000', 'AMPERE_24', 'NVIDIA', 24, 0.27, 0.16, 0.69, 8, 8, 30, 76, 20, 230),
  gpu(
    'NVIDIA GeForce RTX 3090',
    'RTX 3090',
    'AMPERE_24',
    'NVIDIA',
    24,
    0.43,
    0.22,
    0.69,
    8,
    8,
    32,
    75,
    25,
    350,
  ),
  gpu(
    'NVIDIA RTX 4000 Ada Generation',
    'RTX 4000 Ada',
    null,
    'NVIDIA',
    20,
    0.26,
    0.2,
    null,
    8,
    8,
    30,
    68,
    12,
    130,
  ),
  gpu('NVIDIA RTX A4000', 'RTX A4000', 'AMPERE_16', 'NVIDIA', 16, 0.25, 0.17, 0.58, 8, 8, 30, 72, 12, 140),
  gpu('AMD Instinct MI300X OAM', 'MI300X', null, 'AMD', 192, 2.49, null, null, 8, 0, 38, 78, 150, 750),
];

function gpu(
  id: string,
  name: string,
  pool: string | null,
  manufacturer: 'NVIDIA' | 'AMD',
  memoryGb: number,
  securePrice: number,
  communityPrice: number | null,
  serverlessPrice: number | null,
  maxSecure: number,
  maxCommunity: number,
  idleTempC: number,
  busyTempC: number,
  idleWatts: number,
  maxWatts: number,
): GpuModel {
  const cudaVersions =
    manufacturer === 'AMD' ? [] : id.includes('B200') || id.includes('RTX 5') ? CUDA_BLACKWELL : CUDA_RECENT;
  return {
    id,
    name,
    pool,
    manufacturer,
    memoryGb,
    securePrice,
    communityPrice,
    serverlessPrice,
    maxSecure,
    maxCommunity,
    idleTempC,
    busyTempC,
    idleWatts,
    maxWatts,
    cudaVersions,
  };
}

const gpuById = new Map(GPU_MODELS.map((model) => [model.id, model]));

export function findGpuModel(id: string): GpuModel | undefined {
  return gpuById.get(id.trim());
}

export function gpuModelsInPool(pool: string): GpuModel[] {
  return GPU_MODELS.filter((model) => model.pool === pool);
}

export const SERVERLESS_POOLS: readonly string[] = [
  ...new Set(GPU_MODELS.flatMap((model) => (model.pool ? [model.pool] : []))),
];

export interface CpuFlavor {
  id: string;
  /** $/h per vCPU. */
  pricePerVcpu: number;
  /** GB of RAM per vCPU. */
  memoryPerVcpu: number;
  vcpuCounts: readonly number[];
}

export const CPU_FLAVORS: readonly CpuFlavor[] = [
  { id: 'cpu3c', pricePerVcpu: 0.03, memoryPerVcpu: 2, vcpuCounts: [2, 4, 8, 16, 32] },
  { id: 'cpu3g', pricePerVcpu: 0.04, memoryPerVcpu: 4, vcpuCounts: [2, 4, 8, 16, 32] },
  { id: 'cpu3m', pricePerVcpu: 0.05, memoryPerVcpu: 8, vcpuCounts: [2, 4, 8, 16] },
  { id: 'cpu5c', pricePerVcpu: 0.04, memoryPerVcpu: 2, vcpuCounts: [2, 4, 8, 16, 32] },
  { id: 'cpu5g', pricePerVcpu: 0.05, memoryPerVcpu: 4, vcpuCounts: [2, 4, 8, 16, 32] },
  { id: 'cpu5m', pricePerVcpu: 0.06, memoryPerVcpu: 8, vcpuCounts: [2, 4, 8, 16] },
];

export function findCpuFlavor(id: string): CpuFlavor | undefined {
  return CPU_FLAVORS.find((flavor) => flavor.id === id);
}

export interface DataCenter {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2; also GraphQL `machine.location`. */
  country: string;
}

export const DATA_CENTERS: readonly DataCenter[] = [
  { id: 'US-KS-2', name: 'US Kansas 2', country: 'US' },
  { id: 'US-TX-3', name: 'US Texas 3', country: 'US' },
  { id: 'US-CA-2', name: 'US California 2', country: 'US' },
  { id: 'US-GA-1', name: 'US Georgia 1', country: 'US' },
  { id: 'US-IL-1', name: 'US Illinois 1', country: 'US' },
  { id: 'CA-MTL-1', name: 'Canada Montreal 1', country: 'CA' },
  { id: 'EU-RO-1', name: 'Europe Romania 1', country: 'RO' },
  { id: 'EU-SE-1', name: 'Europe Sweden 1', country: 'SE' },
  { id: 'EU-NL-1', name: 'Europe Netherlands 1', country: 'NL' },
  { id: 'EU-CZ-1', name: 'Europe Czechia 1', country: 'CZ' },
  { id: 'EUR-IS-1', name: 'Europe Iceland 1', country: 'IS' },
  { id: 'AP-JP-1', name: 'Asia Pacific Japan 1', country: 'JP' },
  { id: 'OC-AU-1', name: 'Oceania Australia 1', country: 'AU' },
];

export function findDataCenter(id: string): DataCenter | undefined {
  return DATA_CENTERS.find((dc) => dc.id === id);
}

/** Compares CUDA versions numerically: 12.11 is above 12.2. */
export function cudaAtLeast(version: string, floor: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [floorMajor = 0, floorMinor = 0] = floor.split('.').map(Number);
  return major > floorMajor || (major === floorMajor && minor >= floorMinor);
}

/**
 * Which data centers offer a GPU type: a fixed, spread-out subset per type (every type is in
 * US-KS-2 so that a default create always places).
 */
export function dataCentersFor(model: GpuModel): DataCenter[] {
  const index = GPU_MODELS.indexOf(model);
  return DATA_CENTERS.filter((dc, i) => dc.id === 'US-KS-2' || (i + index) % 3 !== 0);
}

/** Disk prices from RunPod's pricing page: $/GB/month. */
export const DISK_RUNNING_PER_GB_MONTH = 0.1;
export const VOLUME_STOPPED_PER_GB_MONTH = 0.2;
export const HOURS_PER_MONTH = 720;
