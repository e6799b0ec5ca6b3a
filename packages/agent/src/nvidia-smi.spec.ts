import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H100_IDLE_XML, scratchDir, script, smiPrinting, TWO_GPUS_XML } from '../test/support/fixtures.js';
import { parseNvidiaSmiXml, readGpus, smiNumber } from './nvidia-smi.js';

describe(parseNvidiaSmiXml.name, () => {
  it('reads the real idle H100 capture exactly', async () => {
    const sut = parseNvidiaSmiXml(await readFile(H100_IDLE_XML, 'utf8'));
    expect(sut).toEqual({
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
          // The XML's <average_power_draw> (instant draw: 81.71 W). The CSV capture of the same
          // GPU says power.draw 126.03 W: it was taken at another moment, not from this file.
          powerWatts: 125,
          powerLimitWatts: 700,
          clocks: { graphicsMHz: 405, smMHz: 405, memoryMHz: 2619, videoMHz: 765 },
        },
      ],
      processes: [],
    });
  });

  it('reads the older power_readings layout, processes, and N/A values as null', async () => {
    const sut = parseNvidiaSmiXml(await readFile(TWO_GPUS_XML, 'utf8'));
    expect(sut.driverVersion).toBe('525.147.05');
    expect(sut.gpus.map((g) => g.index)).toEqual([0, 1]);
    expect(sut.gpus[0]).toMatchObject({
      name: 'NVIDIA RTX A6000',
      utilPercent: 87,
      memoryUtilPercent: 41,
      memoryUsedMiB: 30980,
      memoryTotalMiB: 49140,
      temperatureC: 71,
      powerWatts: 263.45,
      powerLimitWatts: 300,
      clocks: { graphicsMHz: 1800, smMHz: 1800, memoryMHz: 7600, videoMHz: 1620 },
    });
    expect(sut.gpus[1]).toMatchObject({
      utilPercent: null,
      memoryUtilPercent: null,
      memoryUsedMiB: null,
      memoryTotalMiB: 49140,
      temperatureC: null,
      powerWatts: null,
      clocks: { graphicsMHz: null, smMHz: null, memoryMHz: null, videoMHz: null },
    });
    expect(sut.processes).toEqual([
      { pid: 4242, name: 'python train&eval.py', type: 'C', usedMemoryMiB: 30512, gpu: 0 },
      { pid: 5151, name: '', type: 'C', usedMemoryMiB: null, gpu: 1 },
    ]);
  });

  it('refuses documents that are not nvidia-smi’s', () => {
    expect(() => parseNvidiaSmiXml('<html><body>502 Bad Gateway</body></html>')).toThrow(
      'the root element is <html>, not <nvidia_smi_log>',
    );
    expect(() => parseNvidiaSmiXml('<nvidia_smi_log><gpu>')).toThrow('not well-formed XML');
  });
});

describe(smiNumber.name, () => {
  it.each([
    ['81559 MiB', 'MiB', 81559],
    ['126.03 W', 'W', 126.03],
    ['37 C', 'C', 37],
    ['-8 C', 'C', -8],
    ['0 %', '%', 0],
    ['5', undefined, 5],
    ['N/A', 'W', null],
    ['[N/A]', 'W', null],
    ['[Not Supported]', 'W', null],
    ['Unknown Error', '%', null],
    ['12 GiB', 'MiB', null],
    ['', 'MiB', null],
    [undefined, 'MiB', null],
  ])('%j (%s) → %j', (text, unit, expected) => {
    expect(smiNumber(text, unit)).toBe(expected);
  });
});

describe(readGpus.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await scratchDir();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the NVIDIA_SMI script and parses what it prints', async () => {
    const command = await smiPrinting(dir, H100_IDLE_XML);
    const sut = await readGpus({ command });
    expect(sut.available && sut.gpus.map((g) => [g.name, g.utilPercent])).toEqual([
      ['NVIDIA H100 80GB HBM3', 0],
    ]);
  });

  it('reports N/A fields as null, not zero', async () => {
    const sut = await readGpus({ command: await smiPrinting(dir, TWO_GPUS_XML, 'smi-na') });
    expect(sut.available && sut.gpus[1]?.utilPercent).toBeNull();
  });

  it('says nvidia-smi is missing', async () => {
    expect(await readGpus({ command: join(dir, 'absent') })).toEqual({
      available: false,
      reason: `${join(dir, 'absent')} does not exist`,
    });
    expect(await readGpus({ command: 'nvidia-smi-not-installed-podwatch' })).toEqual({
      available: false,
      reason: 'nvidia-smi not found: no nvidia-smi-not-installed-podwatch on the PATH',
    });
  });

  it('gives a non-zero exit with what nvidia-smi said', async () => {
    const exit1 = await script(
      dir,
      'smi-exit-1',
      'echo "Unable to determine the device handle for GPU0000:00:06.0: Unknown Error" >&2\nexit 1',
    );
    expect(await readGpus({ command: exit1 })).toEqual({
      available: false,
      reason: `${exit1} exited with 1: Unable to determine the device handle for GPU0000:00:06.0: Unknown Error`,
    });
    // The real message when the driver is gone goes to stdout, exit status 9.
    const noDriver = await script(
      dir,
      'smi-no-driver',
      `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."\nexit 9`,
    );
    const sut = await readGpus({ command: noDriver });
    expect(sut.available).toBe(false);
    expect(!sut.available && sut.reason).toMatch(
      /exited with 9: NVIDIA-SMI has failed because it couldn't communicate/,
    );
  });

  it('calls garbage and truncated XML what they are', async () => {
    const garbage = await script(dir, 'smi-garbage', 'printf "\\x00\\x01 Segmentation fault (core dumped)"');
    const sut = await readGpus({ command: garbage });
    expect(!sut.available && sut.reason).toMatch(
      /printed something that is not its XML report \(not well-formed XML: text outside the root element/,
    );

    const truncated = join(dir, 'truncated.xml');
    // Cut after a whole line, as when nvidia-smi is killed mid-way.
    await writeFile(truncated, (await readFile(H100_IDLE_XML, 'utf8')).split('\n').slice(0, 80).join('\n'));
    const half = await readGpus({ command: await smiPrinting(dir, truncated, 'smi-truncated') });
    expect(!half.available && half.reason).toMatch(
      /not its XML report \(not well-formed XML: <\w+> is never closed/,
    );
  });

  it('says when the file is not executable or nvidia-smi hangs', async () => {
    const plain = join(dir, 'not-executable');
    await writeFile(plain, 'not a program');
    expect(await readGpus({ command: plain })).toEqual({
      available: false,
      reason: `${plain} is not executable`,
    });

    const hangs = await readGpus({
      command: 'nvidia-smi',
      timeoutMs: 10_000,
      run: () => Promise.resolve({ ok: false, kind: 'timeout', stdout: '', stderr: '', message: 'killed' }),
    });
    expect(hangs).toEqual({ available: false, reason: 'nvidia-smi did not answer within 10 s' });
  });
});
