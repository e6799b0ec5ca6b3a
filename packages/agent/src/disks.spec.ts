import { describe, expect, it } from 'vitest';
import { diskUsage, readDisks, type StatFs } from './disks.js';

describe(diskUsage.name, () => {
  it('computes use like df (reserved blocks are neither used nor free)', () => {
    // 100 blocks of 4 KiB: 60 free, of which 55 usable by non-root.
    expect(diskUsage('/', { bsize: 4096, blocks: 100, bfree: 60, bavail: 55 })).toEqual({
      path: '/',
      available: true,
      totalBytes: 409_600,
      usedBytes: 163_840,
      freeBytes: 225_280,
      usedPercent: 42.1,
    });
  });
});

describe(readDisks.name, () => {
  it('reports a missing /workspace as unavailable and keeps the others', async () => {
    const statfs: StatFs = (path) =>
      path === '/'
        ? Promise.resolve({ bsize: 4096, blocks: 100, bfree: 50, bavail: 50 })
        : Promise.reject(
            Object.assign(new Error(`ENOENT: no such file or directory, statfs '${path}'`), {
              code: 'ENOENT',
            }),
          );
    expect(await readDisks(['/', '/workspace'], statfs)).toEqual([
      {
        path: '/',
        available: true,
        totalBytes: 409_600,
        usedBytes: 204_800,
        freeBytes: 204_800,
        usedPercent: 50,
      },
      { path: '/workspace', available: false, reason: '/workspace does not exist (no volume mounted there)' },
    ]);
  });

  it('reads the real root file system', async () => {
    const [root] = await readDisks(['/']);
    expect(root).toMatchObject({ path: '/', available: true });
    expect(root?.available && root.totalBytes).toBeGreaterThan(0);
  });
});
