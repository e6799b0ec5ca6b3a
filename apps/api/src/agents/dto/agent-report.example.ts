import type { AgentReport } from '@podwatch/shared';

/** The Swagger example: an idle H100 pod (the GPU part is the real capture's), one SSH session. */
export const AGENT_REPORT_EXAMPLE: AgentReport = {
  version: 1,
  podId: 'h100pod0000001',
  collectedAt: '2026-11-22T18:46:19.000Z',
  sentAt: '2026-11-22T18:46:19.120Z',
  dropped: 0,
  agent: { version: '0.1.0', hostname: 'h100pod0000001', intervalSeconds: 15 },
  gpu: {
    available: true,
    driverVersion: '580.159.04',
    cudaVersion: '13.0',
    gpus: [
      {
        index: 0,
        uuid: 'GPU-51e86edc-1aa5-c3e9-7346-745a3c326f72',
        name: 'NVIDIA H100 80GB HBM3',
        busId: '00000000:00:06.0',
        utilPercent: 0,
        memoryUtilPercent: 0,
        memoryUsedMiB: 0,
        memoryTotalMiB: 81559,
        temperatureC: 37,
        powerWatts: 125,
        powerLimitWatts: 700,
        clocks: { graphicsMHz: 405, smMHz: 405, memoryMHz: 2619, videoMHz: 765 },
      },
    ],
    processes: [],
  },
  cpu: { available: true, percent: 1.2, windowSeconds: 15, cores: 16 },
  memory: {
    available: true,
    totalBytes: 134_217_728_000,
    availableBytes: 127_506_841_600,
    usedBytes: 6_710_886_400,
    percent: 5,
  },
  disks: [
    {
      path: '/',
      available: true,
      totalBytes: 53_687_091_200,
      usedBytes: 16_106_127_360,
      freeBytes: 37_580_963_840,
      usedPercent: 30,
    },
    { path: '/workspace', available: false, reason: '/workspace does not exist (no volume mounted there)' },
  ],
  network: {
    available: true,
    rxBytes: 1_010_000_000,
    txBytes: 202_000_000,
    rxBytesPerSecond: 1_200,
    txBytesPerSecond: 800,
    interfaces: [
      {
        name: 'eth0',
        rxBytes: 1_010_000_000,
        txBytes: 202_000_000,
        rxBytesPerSecond: 1_200,
        txBytesPerSecond: 800,
      },
    ],
  },
  ssh: {
    available: true,
    ports: [22],
    sessions: [{ remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 }],
  },
  tmux: { available: false, reason: 'tmux not found: no tmux on the PATH' },
};
