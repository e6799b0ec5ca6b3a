/**
 * CPU, memory, network and SSH sessions from `/proc` (the root is injectable, so tests read
 * fixture files). Parsers are pure and throw on text they do not recognise; readers turn any
 * failure into "unavailable" with the reason.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentSshConnection } from '@podwatch/shared';
import { errorMessage } from './errors.js';

export class ProcFormatError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ProcFormatError';
  }
}

/** Jiffies from the aggregate `cpu` line of /proc/stat. */
export interface CpuTimes {
  busy: number;
  total: number;
  cores: number;
}

export function parseProcStat(text: string): CpuTimes {
  const lines = text.split('\n');
  const aggregate = lines.find((line) => /^cpu\s/.test(line));
  if (!aggregate) throw new ProcFormatError('/proc/stat', 'no aggregate cpu line');
  const fields = aggregate.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 4 || fields.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new ProcFormatError('/proc/stat', 'the cpu line is not a list of counters');
  }
  // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user/nice).
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return {
    busy: total - idle - iowait,
    total,
    cores: Math.max(1, lines.filter((line) => /^cpu\d+\s/.test(line)).length),
  };
}

/** Busy share of all cores between two readings; null when the counters did not move forward. */
export function cpuPercent(previous: CpuTimes, current: CpuTimes): number | null {
  const total = current.total - previous.total;
  const busy = current.busy - previous.busy;
  if (total <= 0 || busy < 0) return null;
  return round1(Math.min(100, (busy / total) * 100));
}

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
}

export function parseMeminfo(text: string): MemInfo {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]) * 1024);
  }
  const total = values.get('MemTotal');
  if (!total) throw new ProcFormatError('/proc/meminfo', 'no MemTotal');
  // MemAvailable exists since Linux 3.14; before it, free + buffers + page cache is the estimate.
  const available =
    values.get('MemAvailable') ??
    (values.get('MemFree') ?? 0) + (values.get('Buffers') ?? 0) + (values.get('Cached') ?? 0);
  return { totalBytes: total, availableBytes: Math.min(total, available) };
}

export interface InterfaceCounters {
  name: string;
  rxBytes: number;
  txBytes: number;
}

/** Byte counters per interface from /proc/net/dev, loopback left out. */
export function parseNetDev(text: string): InterfaceCounters[] {
  const lines = text.split('\n');
  if (!/\|/.test(lines[0] ?? '') || !/\|/.test(lines[1] ?? '')) {
    throw new ProcFormatError('/proc/net/dev', 'missing the two header lines');
  }
  const counters: InterfaceCounters[] = [];
  for (const line of lines.slice(2)) {
    if (line.trim() === '') continue;
    const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    const fields = match?.[2]?.trim().split(/\s+/).map(Number) ?? [];
    if (!match || fields.length < 16 || fields.some((v) => !Number.isFinite(v))) {
      throw new ProcFormatError('/proc/net/dev', `unexpected line "${line.trim().slice(0, 80)}"`);
    }
    if (match[1] === 'lo') continue;
    counters.push({ name: match[1]!, rxBytes: fields[0]!, txBytes: fields[8]! });
  }
  return counters;
}

/** /proc/net/tcp's hex address (little-endian 32-bit words) as text; IPv4-mapped IPv6 as IPv4. */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => {
    const value = parseInt(word, 16);
    return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
  });
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) throw new ProcFormatError('/proc/net/tcp', `bad address ${hex}`);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return bytes.slice(12).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16));
  // Shorten the longest run of zero groups to "::".
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

const TCP_ESTABLISHED = '01';

/** Established connections whose local port is one of `ports` (inbound SSH sessions). */
export function parseProcNetTcp(text: string, ports: number[]): AgentSshConnection[] {
  const lines = text.split('\n');
  if (!/local_address/.test(lines[0] ?? '')) {
    throw new ProcFormatError('/proc/net/tcp', 'missing the header line');
  }
  const wanted = new Set(ports);
  const sessions: AgentSshConnection[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const [, local, remote, state] = line.trim().split(/\s+/);
    const localMatch = /^([0-9A-F]+):([0-9A-F]{4})$/i.exec(local ?? '');
    const remoteMatch = /^([0-9A-F]+):([0-9A-F]{4})$/i.exec(remote ?? '');
    if (!localMatch || !remoteMatch || !state) {
      throw new ProcFormatError('/proc/net/tcp', `unexpected line "${line.trim().slice(0, 80)}"`);
    }
    const localPort = parseInt(localMatch[2]!, 16);
    if (state.toUpperCase() !== TCP_ESTABLISHED || !wanted.has(localPort)) continue;
    sessions.push({
      remoteAddress: decodeProcAddress(remoteMatch[1]!),
      remotePort: parseInt(remoteMatch[2]!, 16),
      localPort,
    });
  }
  return sessions;
}

/** Reads `<procRoot>/<file>`. */
export function readProcFile(procRoot: string, file: string): Promise<string> {
  return readFile(join(procRoot, file), 'utf8');
}

/**
 * SSH sessions from tcp and tcp6 together. One of them may be absent (IPv6 off); both absent, or
 * either unreadable or malformed, and the count is not known.
 */
export async function readSshSessions(
  procRoot: string,
  ports: number[],
): Promise<{ ok: true; sessions: AgentSshConnection[] } | { ok: false; reason: string }> {
  const results = await Promise.all(
    ['net/tcp', 'net/tcp6'].map(async (file) => {
      try {
        return {
          kind: 'read' as const,
          sessions: parseProcNetTcp(await readProcFile(procRoot, file), ports),
        };
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        return { kind: missing ? ('missing' as const) : ('failed' as const), reason: errorMessage(error) };
      }
    }),
  );
  const failed = results.filter((r) => r.kind !== 'read');
  if (failed.some((r) => r.kind === 'failed') || failed.length === results.length) {
    return { ok: false, reason: failed.map((r) => r.reason).join('; ') };
  }
  return { ok: true, sessions: results.flatMap((r) => (r.kind === 'read' ? r.sessions : [])) };
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
