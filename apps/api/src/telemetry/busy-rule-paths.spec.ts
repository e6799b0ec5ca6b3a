/**
 * One is-busy rule on every path (issue 13): the collector's sample of RunPod's pod list, prune's
 * last look at a pod read right before acting, and a `podwatch agent` report give the same answer
 * for the same utilisation.
 */
import { describe, expect, it } from '@jest/globals';
import type { AgentGpu, AgentReport } from '@podwatch/shared';
import { normalizePod } from '@podwatch/runpod-client';
import { deriveAgentActivity } from '../agents/agent-activity.js';
import { AGENT_REPORT_EXAMPLE } from '../agents/dto/agent-report.example.js';
import { buildSample, judgePod } from './sample.js';

const THRESHOLD = 10;
const at = new Date('2026-11-22T12:00:00Z');

interface Case {
  name: string;
  gpuCount: number;
  /** `undefined`: the pod reported no runtime at all. */
  gpuUtils?: (number | null)[];
  cpuPercent?: number | null;
  busy: boolean;
}

const cases: Case[] = [
  { name: 'an idle GPU pod', gpuCount: 1, gpuUtils: [3], cpuPercent: 50, busy: false },
  { name: 'a busy GPU pod', gpuCount: 1, gpuUtils: [64], cpuPercent: 1, busy: true },
  { name: 'a GPU pod exactly at the threshold', gpuCount: 2, gpuUtils: [0, 10], cpuPercent: 0, busy: true },
  { name: 'a busy CPU pod', gpuCount: 0, gpuUtils: [], cpuPercent: 85, busy: true },
  { name: 'an idle CPU pod', gpuCount: 0, gpuUtils: [], cpuPercent: 2, busy: false },
  { name: 'a GPU pod with no runtime', gpuCount: 1, busy: true },
  { name: 'a GPU pod whose readings are N/A', gpuCount: 2, gpuUtils: [null, 3], cpuPercent: 0, busy: true },
  {
    name: 'one of eight GPUs busy',
    gpuCount: 8,
    gpuUtils: [0, 0, 0, 0, 0, 0, 97, 0],
    cpuPercent: 1,
    busy: true,
  },
];

function restPod(c: Case) {
  return normalizePod({
    id: 'rulepod0000001',
    name: 'rule',
    desiredStatus: 'RUNNING',
    costPerHr: 1,
    ...(c.gpuCount > 0 ? { gpu: { id: 'NVIDIA H100 80GB HBM3', count: c.gpuCount } } : {}),
    ...(c.gpuUtils === undefined
      ? {}
      : {
          runtime: {
            uptime: 600,
            container: { cpuPercent: c.cpuPercent, memoryPercent: 10 },
            gpus: c.gpuUtils.map((util, index) => ({ id: `GPU-${index}`, gpuUtilPercent: util })),
          },
        }),
  })!;
}

function agentReport(c: Case): AgentReport {
  const template = (AGENT_REPORT_EXAMPLE.gpu as { gpus: AgentGpu[] }).gpus[0]!;
  return {
    ...AGENT_REPORT_EXAMPLE,
    ssh: { available: true, ports: [22], sessions: [] },
    cpu:
      c.cpuPercent === undefined || c.cpuPercent === null
        ? { available: false, reason: 'not read' }
        : { ...AGENT_REPORT_EXAMPLE.cpu, available: true, percent: c.cpuPercent },
    gpu:
      c.gpuUtils === undefined
        ? { available: false, reason: 'nvidia-smi failed' }
        : {
            available: true,
            driverVersion: '580.159.04',
            cudaVersion: '13.0',
            gpus: c.gpuUtils.map((util, index) => ({
              ...template,
              index,
              utilPercent: util,
              memoryUsedMiB: 0,
            })),
            processes: [],
          },
  } as AgentReport;
}

describe('the busy rule on every path', () => {
  it.each(cases)('$name: busy $busy on the collector, last-look and agent paths', (c) => {
    const pod = restPod(c);
    const collected = buildSample({ pod, telemetry: null }, null, THRESHOLD, at);
    // The collector counts a running pod without a sample as active (no utilisation to judge by).
    const collectorBusy = collected ? collected.verdict.busy : true;
    const lastLookBusy = judgePod({ pod, telemetry: null }, THRESHOLD, at).busy;
    const agentBusy =
      deriveAgentActivity(agentReport(c), {
        gpuUtilThreshold: THRESHOLD,
        gpuProcess: false,
        sshSession: false,
        gpuExpected: c.gpuCount > 0,
      }).length > 0;
    expect({ collectorBusy, lastLookBusy, agentBusy }).toEqual({
      collectorBusy: c.busy,
      lastLookBusy: c.busy,
      agentBusy: c.busy,
    });
  });
});
