import { type GpuModel } from './catalog.js';
import { mix, smoothNoise, unit } from './random.js';
import { type ProfileName } from './types.js';

/**
 * Workload profiles. Every value is a pure function of (pod key, GPU index, time), where the pod
 * key derives from the seed and the pod id: the same seed gives the same telemetry at the same
 * moment, and any moment can be sampled without stored state.
 */

export interface GpuSample {
  /** 0–100. */
  util: number;
  /** VRAM in use, 0–100. */
  memoryUtil: number;
  temperatureC: number;
  powerW: number;
}

export interface PodSample {
  gpus: GpuSample[];
  /** Container CPU, 0–100. */
  cpuPercent: number;
  /** Container memory, 0–100. */
  memoryPercent: number;
}

export interface SampleSubject {
  key: number;
  profile: ProfileName;
  gpuCount: number;
  model: GpuModel | null;
  /** For `multi-gpu-one-busy`: the one busy GPU. */
  busyGpuIndex: number;
}

const CHANNEL = {
  load: 1,
  memory: 2,
  temperature: 3,
  power: 4,
  burst: 5,
  cpu: 6,
  ram: 7,
  idleWatts: 8,
  idleTemperature: 9,
};

/** Inference bursts: a window of this many seconds is either busy or quiet. */
const BURST_WINDOW_S = 15;

interface GpuLoad {
  util: number;
  memoryUtil: number;
  /** 0–1: how hot the card runs (lags behind utilisation for bursty loads). */
  thermal: number;
  /** 0–1: extra draw over idle. */
  powerLoad: number;
}

function idleLoad(gpuKey: number, t: number): GpuLoad {
  return {
    util: unit(gpuKey, CHANNEL.load, Math.floor(t / 10)) < 0.06 ? 1 : 0,
    memoryUtil: unit(gpuKey, CHANNEL.memory) < 0.3 ? 1 : 0,
    thermal: 0,
    powerLoad: 0,
  };
}

function trainingLoad(gpuKey: number, t: number): GpuLoad {
  const util = 93 + 7 * smoothNoise(gpuKey, CHANNEL.load, t, 20);
  return {
    util,
    memoryUtil: 78 + 12 * unit(gpuKey, CHANNEL.memory) + 2 * smoothNoise(gpuKey, CHANNEL.memory, t, 300),
    thermal: 0.94 + 0.06 * smoothNoise(gpuKey, CHANNEL.temperature, t, 60),
    powerLoad: util / 100,
  };
}

function inBurst(podKey: number, window: number): boolean {
  return unit(podKey, CHANNEL.burst, window) < 0.45;
}

function inferenceLoad(podKey: number, gpuKey: number, t: number): GpuLoad {
  const window = Math.floor(t / BURST_WINDOW_S);
  const busy = inBurst(podKey, window);
  const util = busy
    ? 40 + 55 * unit(gpuKey, CHANNEL.load, Math.floor(t / 3))
    : 6 * unit(gpuKey, CHANNEL.load, Math.floor(t));
  // The card heats and cools over about a minute: weight the last four windows.
  let heat = 0;
  const weights = [0.4, 0.3, 0.2, 0.1];
  weights.forEach((weight, back) => {
    heat += weight * (inBurst(podKey, window - back) ? 0.75 : 0.05);
  });
  return {
    util,
    memoryUtil: 45 + 15 * unit(gpuKey, CHANNEL.memory),
    thermal: heat,
    powerLoad: util / 100,
  };
}

function stalledLoad(gpuKey: number, t: number): GpuLoad {
  return {
    util: unit(gpuKey, CHANNEL.load, Math.floor(t / 30)) < 0.05 ? 1 : 0,
    memoryUtil: 88 + 6 * unit(gpuKey, CHANNEL.memory),
    thermal: 0.1,
    powerLoad: 0.08,
  };
}

function gpuLoad(subject: SampleSubject, gpuIndex: number, t: number): GpuLoad {
  const gpuKey = mix(subject.key, gpuIndex);
  switch (subject.profile) {
    case 'idle':
      return idleLoad(gpuKey, t);
    case 'training':
      return trainingLoad(gpuKey, t);
    case 'inference':
      return inferenceLoad(subject.key, gpuKey, t);
    case 'stalled':
      return stalledLoad(gpuKey, t);
    case 'multi-gpu-one-busy':
      return gpuIndex === subject.busyGpuIndex ? trainingLoad(gpuKey, t) : idleLoad(gpuKey, t);
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function gpuSample(subject: SampleSubject, model: GpuModel, gpuIndex: number, t: number): GpuSample {
  const gpuKey = mix(subject.key, gpuIndex);
  const load = gpuLoad(subject, gpuIndex, t);
  // Cards differ: each idles up to 3 °C warmer and ±15 % off the typical draw.
  const temperature =
    model.idleTempC +
    3 * unit(gpuKey, CHANNEL.idleTemperature) +
    (model.busyTempC - model.idleTempC) * load.thermal +
    (smoothNoise(gpuKey, CHANNEL.temperature, t, 30) - 0.5) * 2;
  const idleWatts = model.idleWatts * (0.85 + 0.3 * unit(gpuKey, CHANNEL.idleWatts));
  // Busy draw tops out near 86 % of the board limit; readings wobble ±2 % around the level.
  const level = idleWatts + (model.maxWatts * 0.86 - idleWatts) * load.powerLoad;
  const power = level * (1 + (smoothNoise(gpuKey, CHANNEL.power, t, 5) - 0.5) * 0.04);
  return {
    util: Math.round(clamp(load.util, 0, 100)),
    memoryUtil: Math.round(clamp(load.memoryUtil, 0, 100)),
    temperatureC: Math.round(temperature),
    powerW: round2(clamp(power, model.idleWatts * 0.5, model.maxWatts)),
  };
}

function containerLoad(subject: SampleSubject, t: number): { cpu: number; memory: number } {
  const cpuNoise = smoothNoise(subject.key, CHANNEL.cpu, t, 10);
  const ramLevel = unit(subject.key, CHANNEL.ram);
  switch (subject.profile) {
    case 'idle':
      return { cpu: 3 * cpuNoise, memory: 4 + 6 * ramLevel };
    case 'training':
      return { cpu: 35 + 30 * cpuNoise, memory: 45 + 25 * ramLevel };
    case 'inference': {
      const busy = inBurst(subject.key, Math.floor(t / BURST_WINDOW_S));
      return { cpu: busy ? 20 + 25 * cpuNoise : 2 + 6 * cpuNoise, memory: 30 + 15 * ramLevel };
    }
    case 'stalled':
      return { cpu: 1 + 3 * cpuNoise, memory: 60 + 10 * ramLevel };
    case 'multi-gpu-one-busy':
      return { cpu: 12 + 15 * cpuNoise, memory: 30 + 15 * ramLevel };
  }
}

/** A sample of a running pod at `atMs` (telemetry moves once a second). */
export function samplePod(subject: SampleSubject, atMs: number): PodSample {
  const t = Math.floor(atMs / 1000);
  const gpus: GpuSample[] = [];
  if (subject.model) {
    for (let i = 0; i < subject.gpuCount; i++) gpus.push(gpuSample(subject, subject.model, i, t));
  }
  const container = containerLoad(subject, t);
  return {
    gpus,
    cpuPercent: Math.round(clamp(container.cpu, 0, 100)),
    memoryPercent: Math.round(clamp(container.memory, 0, 100)),
  };
}

export { round1, round2 };
