/** Sample ingest: the 10,000 samples of one cycle stored in one statement. */
import { PrismaService } from '../src/prisma/prisma.service.js';
import { type SampleInput, TelemetryRepository } from '../src/telemetry/telemetry.repository.js';
import { createTestDatabase, median, report, timed } from './support.js';

const db = await createTestDatabase();
const prisma = new PrismaService({ url: db.url, embedded: db.embedded });
const repository = new TelemetryRepository(prisma);
const runs: number[] = [];
for (let run = 0; run < 6; run += 1) {
  const time = new Date(Date.UTC(2026, 10, 1, 0, run));
  const samples: SampleInput[] = Array.from({ length: 10_000 }, (_, i) => ({
    podId: `pod${String(i).padStart(11, '0')}`,
    instanceId: null,
    time,
    source: 'runpod',
    status: 'RUNNING',
    costPerHr: 0.69,
    cpuPercent: 30,
    memoryPercent: 40,
    gpuUtilMax: i % 100,
    gpuUtilAvg: (i % 100) / 2,
    gpuMemPercent: 20,
    temperatureC: 55,
    powerWatts: 250,
    gpuUtil: [i % 100, 0],
    gpus: [
      { index: 0, id: null, utilPercent: i % 100, memoryUtilPercent: 20, temperatureC: 55, powerWatts: 150 },
      { index: 1, id: null, utilPercent: 0, memoryUtilPercent: 20, temperatureC: 40, powerWatts: 100 },
    ],
    extra: null,
    busy: i % 100 >= 10,
  }));
  const { ms } = await timed(() => repository.insertSamples(samples));
  if (run > 0) runs.push(ms);
}
await prisma.$disconnect();
await db.drop();
report('ingest', {
  samples: 10_000,
  medianMs: Math.round(median(runs)),
  maxMs: Math.round(Math.max(...runs)),
  runs: runs.length,
});
