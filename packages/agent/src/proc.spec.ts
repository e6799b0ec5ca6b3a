import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROC_FIRST, PROC_SECOND, scratchDir } from '../test/support/fixtures.js';
import {
  cpuPercent,
  decodeProcAddress,
  parseMeminfo,
  parseNetDev,
  parseProcNetTcp,
  parseProcStat,
  ProcFormatError,
  readSshSessions,
} from './proc.js';

const read = (root: string, file: string) => readFile(join(root, file), 'utf8');

describe(parseProcStat.name, () => {
  it('takes busy and total jiffies from the aggregate line and counts cores', async () => {
    const first = parseProcStat(await read(PROC_FIRST, 'stat'));
    expect(first).toEqual({ busy: 1_312_000, total: 9_362_000, cores: 4 });
    const second = parseProcStat(await read(PROC_SECOND, 'stat'));
    expect(cpuPercent(first, second)).toBe(25);
  });

  it('gives no percentage when the counters did not move or went back', async () => {
    const first = parseProcStat(await read(PROC_FIRST, 'stat'));
    expect(cpuPercent(first, first)).toBeNull();
    expect(cpuPercent(parseProcStat(await read(PROC_SECOND, 'stat')), first)).toBeNull();
  });

  it('refuses text that is not /proc/stat', () => {
    expect(() => parseProcStat('intr 1 2 3')).toThrow(ProcFormatError);
    expect(() => parseProcStat('cpu  a b c d')).toThrow('not a list of counters');
  });
});

describe(parseMeminfo.name, () => {
  it('reads total and available memory in bytes', async () => {
    expect(parseMeminfo(await read(PROC_FIRST, 'meminfo'))).toEqual({
      totalBytes: 131_072_000 * 1024,
      availableBytes: 98_304_000 * 1024,
    });
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n')).toEqual({
      totalBytes: 1000 * 1024,
      availableBytes: 400 * 1024,
    });
    expect(() => parseMeminfo('garbage')).toThrow('no MemTotal');
  });
});

describe(parseNetDev.name, () => {
  it('reads byte counters per interface without loopback', async () => {
    expect(parseNetDev(await read(PROC_FIRST, 'net/dev'))).toEqual([
      { name: 'eth0', rxBytes: 1_000_000_000, txBytes: 200_000_000 },
    ]);
    expect(() => parseNetDev('eth0: 1 2 3')).toThrow(ProcFormatError);
  });
});

describe(decodeProcAddress.name, () => {
  it.each([
    ['0100007F', '127.0.0.1'],
    ['077100CB', '203.0.113.7'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000001000000', '::1'],
    ['B80D0120000000000000000005000000', '2001:db8::5'],
    ['0000000000000000FFFF0000096433C6', '198.51.100.9'],
    ['000080FE000000004C3B2A19DBB8E3FE', 'fe80::192a:3b4c:fee3:b8db'],
  ])('%s → %s', (hex, text) => {
    expect(decodeProcAddress(hex)).toBe(text);
  });
});

describe(parseProcNetTcp.name, () => {
  it('counts established inbound connections to the SSH port only', async () => {
    expect(parseProcNetTcp(await read(PROC_FIRST, 'net/tcp'), [22])).toEqual([
      { remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 },
    ]);
    expect(parseProcNetTcp(await read(PROC_FIRST, 'net/tcp6'), [22])).toEqual([
      { remoteAddress: '2001:db8::5', remotePort: 54321, localPort: 22 },
      { remoteAddress: '198.51.100.9', remotePort: 49153, localPort: 22 },
    ]);
    // Other ports can be counted as SSH too (e.g. a second sshd); 8888 here is Jupyter.
    expect(parseProcNetTcp(await read(PROC_FIRST, 'net/tcp'), [8888]).map((s) => s.remoteAddress)).toEqual([
      '11.0.0.10',
    ]);
  });

  it('refuses text that is not a tcp table', () => {
    expect(() => parseProcNetTcp('hello', [22])).toThrow('missing the header line');
    expect(() => parseProcNetTcp('sl local_address rem_address st\n0: xyz', [22])).toThrow(ProcFormatError);
  });
});

describe(readSshSessions.name, () => {
  let empty: string;
  beforeAll(async () => {
    empty = await scratchDir();
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
  });

  it('adds tcp and tcp6', async () => {
    const sut = await readSshSessions(PROC_FIRST, [22]);
    expect(sut.ok && sut.sessions.length).toBe(3);
  });

  it('accepts a missing tcp6 (IPv6 off)', async () => {
    const sut = await readSshSessions(PROC_SECOND, [22]);
    expect(sut.ok && sut.sessions.map((s) => s.remoteAddress)).toEqual(['203.0.113.7']);
  });

  it('is unavailable when neither table can be read', async () => {
    const sut = await readSshSessions(empty, [22]);
    expect(sut.ok).toBe(false);
    expect(!sut.ok && sut.reason).toMatch(/ENOENT.*net\/tcp.*; .*ENOENT.*net\/tcp6/);
  });
});
