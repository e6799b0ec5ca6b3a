/**
 * GPUs from one call of `nvidia-smi -q -x`: per GPU name, utilisation, memory, temperature,
 * power and clocks, and the processes holding a GPU context. `N/A`, `[N/A]`, `Not Supported` and
 * friends become `null`; a missing executable, a non-zero exit or output that is not nvidia-smi's
 * XML make the whole source unavailable, with the reason.
 */
import type { AgentGpu, AgentGpuProcess, AgentGpuSource, AgentUnavailable } from '@podwatch/shared';
import { errorMessage } from './errors.js';
import { type CommandRunner, describeFailure, runCommand } from './exec.js';
import { child, parseXml, textAt, type XmlElement, XmlError } from './xml.js';

export class NvidiaSmiFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NvidiaSmiFormatError';
  }
}

/**
 * A number from nvidia-smi's `<value> <unit>` text (`81559 MiB`, `37 C`, `125.00 W`, `0 %`);
 * `null` for `N/A`, `[N/A]`, `Not Supported`, `Unknown Error`, a wrong unit or anything else.
 */
export function smiNumber(text: string | undefined, unit?: string): number | null {
  if (text === undefined) return null;
  const match = /^(-?\d+(?:\.\d+)?)(?:\s*(\S+))?$/.exec(text.trim());
  if (!match) return null;
  if (match[2] !== undefined && unit !== undefined && match[2] !== unit) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

/** A text value, `null` for the ways nvidia-smi says "none". */
function smiText(text: string | undefined): string | null {
  const value = text?.trim();
  if (!value || /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions)\]?$/i.test(value)) {
    return null;
  }
  return value;
}

function firstNumber(gpu: XmlElement, paths: string[], unit: string): number | null {
  for (const path of paths) {
    const value = smiNumber(textAt(gpu, path), unit);
    if (value !== null) return value;
  }
  return null;
}

function parseGpu(gpu: XmlElement, index: number): AgentGpu {
  return {
    index,
    uuid: smiText(textAt(gpu, 'uuid')),
    name: smiText(textAt(gpu, 'product_name')),
    busId: smiText(textAt(gpu, 'pci/pci_bus_id') ?? gpu.attributes.id),
    utilPercent: smiNumber(textAt(gpu, 'utilization/gpu_util'), '%'),
    memoryUtilPercent: smiNumber(textAt(gpu, 'utilization/memory_util'), '%'),
    memoryUsedMiB: smiNumber(textAt(gpu, 'fb_memory_usage/used'), 'MiB'),
    memoryTotalMiB: smiNumber(textAt(gpu, 'fb_memory_usage/total'), 'MiB'),
    temperatureC: smiNumber(textAt(gpu, 'temperature/gpu_temp'), 'C'),
    // Drivers ≥ 535 say `gpu_power_readings` with average and instant draw; older ones
    // `power_readings/power_draw`. The average is steadier, so it comes first.
    powerWatts: firstNumber(
      gpu,
      [
        'gpu_power_readings/average_power_draw',
        'gpu_power_readings/power_draw',
        'gpu_power_readings/instant_power_draw',
        'power_readings/average_power_draw',
        'power_readings/power_draw',
        'power_readings/instant_power_draw',
      ],
      'W',
    ),
    powerLimitWatts: firstNumber(
      gpu,
      [
        'gpu_power_readings/current_power_limit',
        'gpu_power_readings/power_limit',
        'power_readings/current_power_limit',
        'power_readings/power_limit',
      ],
      'W',
    ),
    clocks: {
      graphicsMHz: smiNumber(textAt(gpu, 'clocks/graphics_clock'), 'MHz'),
      smMHz: smiNumber(textAt(gpu, 'clocks/sm_clock'), 'MHz'),
      memoryMHz: smiNumber(textAt(gpu, 'clocks/mem_clock'), 'MHz'),
      videoMHz: smiNumber(textAt(gpu, 'clocks/video_clock'), 'MHz'),
    },
  };
}

function parseProcesses(gpu: XmlElement, index: number): AgentGpuProcess[] {
  const list = child(gpu, 'processes');
  if (!list) return [];
  return list.children
    .filter((p) => p.name === 'process_info')
    .flatMap((p) => {
      const pid = smiNumber(textAt(p, 'pid'));
      if (pid === null || !Number.isInteger(pid) || pid < 0) return [];
      return [
        {
          pid,
          name: smiText(textAt(p, 'process_name')) ?? '',
          type: smiText(textAt(p, 'type')),
          usedMemoryMiB: smiNumber(textAt(p, 'used_memory'), 'MiB'),
          gpu: index,
        },
      ];
    });
}

/** Parses the whole `nvidia-smi -q -x` document; throws when it is not one. */
export function parseNvidiaSmiXml(xml: string): AgentGpuSource {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new NvidiaSmiFormatError(`not well-formed XML: ${error.message}`);
    throw error;
  }
  if (root.name !== 'nvidia_smi_log') {
    throw new NvidiaSmiFormatError(`the root element is <${root.name}>, not <nvidia_smi_log>`);
  }
  const gpus = root.children.filter((c) => c.name === 'gpu');
  return {
    available: true,
    driverVersion: smiText(textAt(root, 'driver_version')),
    cudaVersion: smiText(textAt(root, 'cuda_version')),
    gpus: gpus.map((gpu, index) => parseGpu(gpu, index)),
    processes: gpus.flatMap((gpu, index) => parseProcesses(gpu, index)),
  };
}

export interface NvidiaSmiOptions {
  /** The executable: `NVIDIA_SMI` if set, else `nvidia-smi` on the PATH. */
  command: string;
  timeoutMs?: number;
  run?: CommandRunner;
}

/** The GPU source: runs nvidia-smi once; every failure is "unavailable" with the reason. */
export async function readGpus(options: NvidiaSmiOptions): Promise<AgentGpuSource | AgentUnavailable> {
  const run = options.run ?? runCommand;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const result = await run(options.command, ['-q', '-x'], { timeoutMs });
  if (!result.ok) {
    return { available: false, reason: describeFailure('nvidia-smi', options.command, result, timeoutMs) };
  }
  try {
    return parseNvidiaSmiXml(result.stdout);
  } catch (error) {
    return {
      available: false,
      reason: `${options.command} printed something that is not its XML report (${errorMessage(error)})`,
    };
  }
}
