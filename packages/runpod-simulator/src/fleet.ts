import { DATA_CENTERS, dataCentersFor, findGpuModel, GPU_MODELS } from './catalog.js';
import { podStyleId, type Rng } from './random.js';
import {
  type ProfileName,
  type SimEndpointInput,
  type SimPodInitialStatus,
  type SimPodInput,
} from './types.js';

/**
 * Fleets: the fixed demo fleet (ids that the API's demo configuration binds instances to) and a
 * mixed fleet of N pods generated from the seed.
 */

export interface DemoPod extends SimPodInput {
  id: string;
  name: string;
  profile: ProfileName;
  status: SimPodInitialStatus;
  /** Whether the demo configuration is expected to manage it as an instance. */
  managed: boolean;
  description: string;
}

export interface DemoEndpoint extends SimEndpointInput {
  id: string;
  name: string;
  description: string;
}

const PYTORCH = 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404';
const SSH_AND_JUPYTER = ['8888/http', '22/tcp'];

/** Pod ids of the demo fleet by role; names in DEMO_FLEET. */
export const DEMO_POD_IDS = {
  trainer: 'h7x2k9q4m3p8za',
  inference: 'r4n8v2c6j1t5wb',
  notebook: 'n2b5d8f1g4k7mc',
  renderFarm: 'f9s3w6y1e4u7ra',
  stalledJob: 's6t1a8l3d5j2xo',
  pymupdf: 'p3q7w1e5r9t2yb',
  teamSandbox: 'u8i2o4p6a1s3dd',
  llmFinetune: 'l5k7j9h2g4f6ee',
  agentBox: 'a2g8e6n4t1b3ox',
  cpuWorker: 'c9p4u7w2k5r8ff',
  evalSpot: 'e3v6a9l1s4p7tt',
  oldExperiment: 'o1d4e7x2p5r8mm',
} as const;

export const DEMO_ENDPOINT_IDS = {
  embeddings: 'e5m8b2d9k3w7qa',
} as const;

export const DEMO_FLEET: { readonly pods: readonly DemoPod[]; readonly endpoints: readonly DemoEndpoint[] } =
  {
    pods: [
      {
        id: DEMO_POD_IDS.trainer,
        name: 'trainer',
        description: '1× H100 SXM fine-tuning at steady high utilisation',
        managed: true,
        profile: 'training',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA H100 80GB HBM3',
        gpuCount: 1,
        uptimeSeconds: 5 * 3600 + 12 * 60,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 100,
        dataCenterId: 'US-KS-2',
      },
      {
        id: DEMO_POD_IDS.inference,
        name: 'inference',
        description: '1× L40S serving a model: bursty',
        managed: true,
        profile: 'inference',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA L40S',
        gpuCount: 1,
        uptimeSeconds: 26 * 3600,
        image: 'vllm/vllm-openai:v0.11.0',
        ports: ['8000/http', '22/tcp'],
        volumeInGb: 50,
        dataCenterId: 'EU-RO-1',
      },
      {
        id: DEMO_POD_IDS.notebook,
        name: 'notebook',
        description: '1× RTX 4090 Jupyter notebook left idle',
        managed: true,
        profile: 'idle',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA GeForce RTX 4090',
        gpuCount: 1,
        uptimeSeconds: 3 * 3600 + 40 * 60,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 20,
        dataCenterId: 'US-TX-3',
      },
      {
        id: DEMO_POD_IDS.renderFarm,
        name: 'render-farm',
        description: '8× RTX A6000 where one GPU works and seven wait',
        managed: true,
        profile: 'multi-gpu-one-busy',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA RTX A6000',
        gpuCount: 8,
        uptimeSeconds: 9 * 3600,
        image: 'blender/render-worker:4.2',
        ports: ['22/tcp'],
        volumeInGb: 200,
        dataCenterId: 'CA-MTL-1',
      },
      {
        id: DEMO_POD_IDS.stalledJob,
        name: 'stalled-job',
        description: '1× A100 PCIe holding GPU memory at ~0 % utilisation',
        managed: true,
        profile: 'stalled',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA A100 80GB PCIe',
        gpuCount: 1,
        uptimeSeconds: 7 * 3600 + 5 * 60,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 80,
        dataCenterId: 'EU-SE-1',
      },
      {
        id: DEMO_POD_IDS.pymupdf,
        name: 'pymupdf',
        description: '1× RTX A5000 PDF extraction service',
        managed: true,
        profile: 'inference',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA RTX A5000',
        gpuCount: 1,
        uptimeSeconds: 2 * 3600 + 15 * 60,
        image: 'ghcr.io/example/pymupdf-worker:2.3',
        ports: ['8080/http', '22/tcp'],
        volumeInGb: 20,
        dataCenterId: 'US-KS-2',
      },
      {
        id: DEMO_POD_IDS.teamSandbox,
        name: 'team-sandbox',
        description: '1× A40 shared sandbox (unmanaged)',
        managed: false,
        profile: 'idle',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA A40',
        gpuCount: 1,
        uptimeSeconds: 30 * 3600,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 50,
        dataCenterId: 'EU-NL-1',
      },
      {
        id: DEMO_POD_IDS.llmFinetune,
        name: 'llm-finetune',
        description: '2× A100 SXM fine-tune (unmanaged)',
        managed: false,
        profile: 'training',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA A100-SXM4-80GB',
        gpuCount: 2,
        uptimeSeconds: 11 * 3600 + 30 * 60,
        image: 'axolotlai/axolotl:main-py3.11-cu124-2.5.1',
        ports: ['22/tcp'],
        volumeInGb: 150,
        dataCenterId: 'US-GA-1',
      },
      {
        id: DEMO_POD_IDS.agentBox,
        name: 'agent-box',
        description: '1× RTX 4000 Ada where AI agents work (unmanaged)',
        managed: false,
        profile: 'inference',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA RTX 4000 Ada Generation',
        gpuCount: 1,
        uptimeSeconds: 50 * 60,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 20,
        dataCenterId: 'US-KS-2',
      },
      {
        id: DEMO_POD_IDS.cpuWorker,
        name: 'cpu-worker',
        description: 'CPU pod, 8 vCPU (unmanaged, no GPU telemetry)',
        managed: false,
        profile: 'idle',
        status: 'RUNNING',
        cpu: { flavorId: 'cpu3c', vcpuCount: 8 },
        uptimeSeconds: 4 * 24 * 3600,
        image: 'python:3.12-slim',
        ports: ['22/tcp'],
        volumeInGb: 0,
        dataCenterId: 'US-IL-1',
      },
      {
        id: DEMO_POD_IDS.evalSpot,
        name: 'eval-spot',
        description: '1× RTX 3090 community-cloud spot pod (unmanaged)',
        managed: false,
        profile: 'idle',
        status: 'RUNNING',
        gpuTypeId: 'NVIDIA GeForce RTX 3090',
        gpuCount: 1,
        cloud: 'COMMUNITY',
        interruptible: true,
        uptimeSeconds: 20 * 60,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 20,
        dataCenterId: 'EU-CZ-1',
      },
      {
        id: DEMO_POD_IDS.oldExperiment,
        name: 'old-experiment',
        description: '1× A100 SXM stopped a while ago (unmanaged, EXITED)',
        managed: false,
        profile: 'idle',
        status: 'EXITED',
        gpuTypeId: 'NVIDIA A100-SXM4-80GB',
        gpuCount: 1,
        image: PYTORCH,
        ports: SSH_AND_JUPYTER,
        volumeInGb: 200,
        dataCenterId: 'US-KS-2',
      },
    ],
    endpoints: [
      {
        id: DEMO_ENDPOINT_IDS.embeddings,
        name: 'embeddings',
        description: 'Queue endpoint on ADA_24, 0–3 workers, a steady trickle of jobs',
        image: 'runpod/worker-infinity-embedding:1.1.4',
        pools: ['ADA_24'],
        gpuCount: 1,
        workers: { min: 0, max: 3, idleTimeout: 5 },
        traffic: { jobsPerMinute: 3, durationSeconds: 6 },
      },
    ],
  };

const ADJECTIVES = ['brisk', 'calm', 'eager', 'fuzzy', 'lucid', 'misty', 'quiet', 'rapid', 'sunny', 'vivid'];
const NOUNS = ['falcon', 'otter', 'maple', 'comet', 'delta', 'ember', 'harbor', 'lynx', 'nova', 'quartz'];
const IMAGES = [
  PYTORCH,
  'runpod/pytorch:2.4.0-py3.11-cuda12.4.1-devel-ubuntu22.04',
  'vllm/vllm-openai:v0.11.0',
  'ghcr.io/huggingface/text-generation-inference:3.0',
  'runpod/comfyui:latest',
];
const GPU_WEIGHTS: readonly (readonly [string, number])[] = [
  ['NVIDIA GeForce RTX 4090', 25],
  ['NVIDIA A40', 8],
  ['NVIDIA RTX A6000', 10],
  ['NVIDIA L40S', 10],
  ['NVIDIA A100 80GB PCIe', 10],
  ['NVIDIA A100-SXM4-80GB', 5],
  ['NVIDIA H100 80GB HBM3', 10],
  ['NVIDIA H100 PCIe', 5],
  ['NVIDIA H200', 3],
  ['NVIDIA RTX A5000', 7],
  ['NVIDIA GeForce RTX 3090', 7],
];

/** A mixed fleet of `count` pods: profiles, GPU types, counts and statuses drawn from `rng`. */
export function generatePodInputs(count: number, rng: Rng, taken: Set<string>): SimPodInput[] {
  const inputs: SimPodInput[] = [];
  for (let i = 0; i < count; i++) {
    let id = podStyleId(rng);
    while (taken.has(id)) id = podStyleId(rng);
    taken.add(id);
    const profile = rng.weighted<ProfileName>([
      ['idle', 30],
      ['training', 20],
      ['inference', 25],
      ['stalled', 10],
      ['multi-gpu-one-busy', 5],
    ]);
    const status = rng.weighted<SimPodInitialStatus>([
      ['RUNNING', 84],
      ['EXITED', 10],
      ['PROVISIONING', 2],
      ['STARTING', 2],
      ['ERROR', 2],
    ]);
    const name = `${rng.pick(ADJECTIVES)}-${rng.pick(NOUNS)}-${i + 1}`;
    const cpuPod = profile === 'idle' && rng.next() < 0.05;
    if (cpuPod) {
      inputs.push({
        id,
        name,
        profile,
        status,
        cpu: { flavorId: rng.pick(['cpu3c', 'cpu3g', 'cpu5c']), vcpuCount: rng.pick([2, 4, 8, 16]) },
        image: 'python:3.12-slim',
        ports: ['22/tcp'],
        volumeInGb: 0,
        dataCenterId: rng.pick(DATA_CENTERS).id,
        uptimeSeconds: rng.int(300, 5 * 24 * 3600),
      });
      continue;
    }
    const gpuTypeId = rng.weighted(GPU_WEIGHTS);
    const gpuCount =
      profile === 'multi-gpu-one-busy'
        ? rng.pick([2, 4, 8])
        : rng.weighted([
            [1, 70],
            [2, 15],
            [4, 10],
            [8, 5],
          ]);
    const model = findGpuModel(gpuTypeId) ?? GPU_MODELS[0];
    const cloud = model && model.communityPrice !== null && rng.next() < 0.2 ? 'COMMUNITY' : 'SECURE';
    inputs.push({
      id,
      name,
      profile,
      status,
      gpuTypeId,
      gpuCount,
      cloud,
      image: rng.pick(IMAGES),
      ports: rng.next() < 0.7 ? SSH_AND_JUPYTER : ['22/tcp'],
      volumeInGb: rng.pick([0, 20, 50, 100]),
      dataCenterId: model ? rng.pick(dataCentersFor(model)).id : 'US-KS-2',
      uptimeSeconds: rng.int(300, 3 * 24 * 3600),
      interruptible: cloud === 'COMMUNITY' && rng.next() < 0.5,
    });
  }
  return inputs;
}
