/** Disk use of `/` (container disk) and `/workspace` (RunPod's volume) through `fs.statfs`. */
import { statfs as nodeStatfs } from 'node:fs/promises';
import type { AgentDisk } from '@podwatch/shared';
import { errorMessage } from './errors.js';
import { round1 } from './proc.js';

export const DEFAULT_DISK_PATHS = ['/', '/workspace'];

/** The fields of `fs.StatFs` the agent uses. */
export interface FsStats {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
}

export type StatFs = (path: string) => Promise<FsStats>;

/** Like `df`: used = blocks − free; the percentage is of what an unprivileged user can fill. */
export function diskUsage(path: string, stats: FsStats): AgentDisk {
  const totalBytes = stats.blocks * stats.bsize;
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
  const freeBytes = stats.bavail * stats.bsize;
  if (![totalBytes, usedBytes, freeBytes].every((v) => Number.isFinite(v) && v >= 0)) {
    return { path, available: false, reason: 'statfs returned impossible block counts' };
  }
  const usable = usedBytes + freeBytes;
  return {
    path,
    available: true,
    totalBytes,
    usedBytes,
    freeBytes,
    usedPercent: usable > 0 ? round1((usedBytes / usable) * 100) : 0,
  };
}

export async function readDisks(paths: string[], statfs: StatFs = nodeStatfs): Promise<AgentDisk[]> {
  return Promise.all(
    paths.map(async (path): Promise<AgentDisk> => {
      try {
        return diskUsage(path, await statfs(path));
      } catch (error) {
        const reason =
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${path} does not exist (no volume mounted there)`
            : errorMessage(error);
        return { path, available: false, reason };
      }
    }),
  );
}
