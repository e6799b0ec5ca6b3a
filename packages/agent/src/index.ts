export {
  type AgentOptions,
  type AgentSummary,
  backoffMs,
  DEFAULT_INTERVAL_SECONDS,
  defaultSleep,
  MAX_BACKOFF_SECONDS,
  runAgent,
} from './agent.js';
export { DEFAULT_BUFFER_SIZE, ReportBuffer } from './buffer.js';
export {
  type AgentFlags,
  type AgentIo,
  EXIT,
  exitCodeFor,
  parseInterval,
  resolveAgentOptions,
  runAgentCli,
  UsageError,
} from './cli.js';
export { type CollectorOptions, ReportCollector } from './collector.js';
export {
  deliver,
  type DeliveryOptions,
  type DeliveryOutcome,
  REPORT_PATH,
  retryAfterMs,
} from './delivery.js';
export { DEFAULT_DISK_PATHS, diskUsage, type FsStats, readDisks, type StatFs } from './disks.js';
export { type CommandResult, type CommandRunner, runCommand } from './exec.js';
export { NvidiaSmiFormatError, parseNvidiaSmiXml, readGpus, smiNumber } from './nvidia-smi.js';
export {
  type CpuTimes,
  cpuPercent,
  decodeProcAddress,
  type InterfaceCounters,
  type MemInfo,
  parseMeminfo,
  parseNetDev,
  parseProcNetTcp,
  parseProcStat,
  readSshSessions,
} from './proc.js';
export { parseTmuxSessions, readTmux } from './tmux.js';
export { AGENT_VERSION, REPORT_VERSION } from './version.js';
export { parseXml, XmlError, type XmlElement } from './xml.js';
