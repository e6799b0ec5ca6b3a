/**
 * The API's response shapes (DTO interfaces), shared by the API, the web dashboard, the CLI and
 * the MCP tools. Times are ISO-8601 strings; money is USD; utilisation is percent 0–100.
 */
import type { InstanceAgentView } from './agent-report.js';
import type { CountdownState, PodStatus } from './countdown.js';

export type InstanceType = 'pod' | 'serverless';
export type OnIdle = 'stop' | 'terminate' | 'confirm' | 'scaleToZero';

/** What last reset an instance's countdown. */
export type ActivitySignal =
  | 'activity' /* POST /instances/:name/activity from the app */
  | 'start' /* POST /instances/:name/start (ensure) */
  | 'extend' /* POST /instances/:name/extend */
  | 'gpu' /* a RunPod sample whose busiest GPU reached the threshold */
  | 'agent' /* an agent heartbeat with status working */
  | 'agent-gpu' /* an agent report: a GPU at or above the threshold */
  | 'gpu-process' /* an agent report: a GPU compute process */
  | 'ssh-session' /* an agent report: an open SSH session */
  | 'pod-start' /* the pod (re)started */
  | 'workers'; /* a serverless endpoint had running or initializing workers */

export interface GpuInfo {
  typeId: string | null;
  displayName: string | null;
  count: number;
}

export interface PodUtilization {
  /** Busiest GPU; null for a CPU pod or when RunPod reported none. */
  gpuMaxPercent: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
}

export interface PodPort {
  privatePort: number;
  publicPort: number | null;
  /** `http` or `tcp` as RunPod reports it. */
  type: string;
  ip: string | null;
  /** `https://{podId}-{port}.proxy.runpod.net` for http ports. */
  url: string | null;
}

export interface PodView {
  id: string;
  name: string;
  status: PodStatus;
  /** USD per hour now (0 once EXITED). */
  costPerHr: number;
  gpu: GpuInfo | null;
  vcpuCount: number | null;
  memoryInGb: number | null;
  containerDiskInGb: number | null;
  volumeInGb: number | null;
  dataCenterId: string | null;
  image: string | null;
  createdAt: string | null;
  startedAt: string | null;
  uptimeSeconds: number | null;
  /** Live utilisation RunPod reported at the last look; null unless the pod runs. */
  utilization: PodUtilization | null;
  ports: PodPort[];
  /** e.g. `ssh root@1.2.3.4 -p 22022` or the RunPod proxy command; null when not reachable. */
  sshCommand: string | null;
  /** The instance that owns the pod, or null for an unmanaged pod. */
  instance: string | null;
  lastSeenAt: string;
  /** The pod no longer appears in RunPod's listing (terminated). */
  gone: boolean;
}

export interface GpuTelemetry {
  index: number;
  id: string | null;
  utilPercent: number | null;
  memoryUtilPercent: number | null;
  temperatureC: number | null;
  powerWatts: number | null;
}

export interface TelemetryView {
  time: string;
  source: 'runpod' | 'agent';
  cpuPercent: number | null;
  memoryPercent: number | null;
  /** Busiest GPU: what activity is judged on. */
  gpuUtilMax: number | null;
  gpuUtilAvg: number | null;
  gpuMemPercent: number | null;
  /** Hottest GPU. */
  temperatureC: number | null;
  /** All GPUs together. */
  powerWatts: number | null;
  gpus: GpuTelemetry[];
  /**
   * Where `temperatureC` and `powerWatts` come from: RunPod (GraphQL), the pod agent's latest
   * report, or nowhere (`null`: not available — never shown as 0).
   */
  thermalSource?: 'runpod' | 'agent' | null;
  /** Why RunPod's temperature and power are missing this cycle (GraphQL failed or retired); null when fresh. */
  thermalStale?: string | null;
}

export interface InstanceConfigView {
  name: string;
  type: InstanceType;
  source: 'config' | 'api';
  podId: string | null;
  endpointId: string | null;
  inactivitySeconds: number;
  onIdle: OnIdle;
  onOrphan: 'report' | 'terminate';
  protect: boolean;
  gpuUtilThreshold: number;
  warnBeforeSeconds: number;
  canCreate: boolean;
}

export interface LastActivity {
  signal: ActivitySignal;
  at: string;
  detail: string | null;
}

/** GET /api/v1/instances/:name — an instance's live stats and countdown. */
export interface InstanceSnapshot {
  instance: string;
  config: InstanceConfigView;
  updatedAt: string | null;
  pod: PodView | null;
  telemetry: TelemetryView | null;
  lastRunAt: string | null;
  lastActivity: LastActivity | null;
  inactivitySeconds: number;
  killAt: string | null;
  /** Seconds left when the response was made; tick locally from `killAt`. */
  timeUntilKill: number | null;
  state: CountdownState;
  stale: boolean;
  staleReason: string | null;
  staleSince: string | null;
  /** Last successful collection covering this instance. */
  collectedAt: string | null;
  /** When prune last flushed the live stats after a confirmed stop. */
  flushedAt: string | null;
  /** Serverless instances: the endpoint's workers. */
  serverless: ServerlessEndpointView | null;
  agents: AgentSessionView[];
  /**
   * The newest report of `podwatch agent` from the instance's pod (GPU processes, SSH and tmux
   * sessions, sources it could not read); null when none arrived in the last hour. The API always
   * sets it; optional only so that older answers still type-check.
   */
  agent?: InstanceAgentView | null;
}

export interface WorkerCounts {
  running: number;
  idle: number;
  initializing: number;
  throttled: number;
  unhealthy: number;
  total: number;
}

export interface ServerlessEndpointView {
  id: string;
  name: string;
  instance: string | null;
  workersMin: number;
  workersMax: number;
  workers: WorkerCounts;
  lastSeenAt: string;
}

export interface AgentSessionView {
  podId: string;
  instance: string | null;
  agent: string;
  status: 'active' | 'working' | 'idle';
  currentTask: string | null;
  startedAt: string;
  lastHeartbeat: string;
  /** Heartbeat under 2 minutes old. */
  active: boolean;
}

export interface FleetKpis {
  runningPods: number;
  /** Σ cost of running pods, USD/h. */
  burnRatePerHour: number;
  projectedPerDay: number;
  projectedPerMonth: number;
  activeAgents: number;
  /** Cost accrued today (UTC) while pods were idle; null until it can be computed. */
  idleWasteToday: number | null;
  /** Spent today (UTC): RunPod's billed amount when available, else estimated from samples. */
  spendToday?: number | null;
  /** RunPod account balance (USD) at the last collection, or estimated once GraphQL is gone; null when unknown. */
  balance?: number | null;
  /** `actual`: RunPod's own figure; `estimated`: last known balance − billing since − live burn. */
  balanceBasis?: 'actual' | 'estimated' | null;
  /** Balance ÷ burn rate, hours; null when nothing burns or the balance is unknown. */
  runwayHours?: number | null;
  openAlerts?: number;
}

export interface CollectorStatus {
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  intervalSeconds: number;
  /** No successful collection within two intervals. */
  stale: boolean;
  /** RunPod's request quota this minute, shared by every replica. */
  runpodBudget?: RunpodBudgetStatus;
}

/** RunPod REST requests in the current minute window, counted across all replicas. */
export interface RunpodBudgetStatus {
  /** Requests a minute RunPod allows (its `RateLimit-Policy`, else the documented 60). */
  quota: number;
  /** Requests every replica made in this window. */
  used: number;
  /** Requests left: the quota less `used`, or less if RunPod's `RateLimit` header said so. */
  remaining: number;
  /** Of `remaining`, what collection needs: lower-priority calls wait rather than use it. */
  reserved: number;
  /** When the window ends. */
  resetsAt: string;
}

/** GET /api/v1/dashboard — everything the fleet overview shows, in one response. */
export interface DashboardResponse {
  generatedAt: string;
  demo: boolean;
  kpis: FleetKpis;
  instances: InstanceSnapshot[];
  /** The costliest unmanaged pods (running first), at most `unmanagedSummary.listed`; GET /pods?unmanaged=true has them all. */
  unmanagedPods: PodView[];
  unmanagedSummary: UnmanagedSummary;
  serverless: ServerlessEndpointView[];
  collector: CollectorStatus;
  /** RunPod GraphQL's state; `notice` is set while it is retired or switched off. */
  graphql: GraphqlHealth;
}

/** RunPod GraphQL as Podwatch uses it (GET /health, GET /health/runpod, the dashboard). */
export interface GraphqlHealth {
  /** `on`; `failing` (the last call failed); `retired` (a 410/404 switched it off); `off` (RUNPOD_GRAPHQL=off). */
  state: 'on' | 'failing' | 'retired' | 'off';
  mode: 'auto' | 'off';
  retiredAt: string | null;
  retiredBecause: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  /** What the dashboard tells people while GraphQL is not used. */
  notice: string | null;
}

export interface UnmanagedSummary {
  /** Every unmanaged pod RunPod lists. */
  total: number;
  running: number;
  /** Σ cost of the running ones, USD/h. */
  burnRatePerHour: number;
  /** How many of them `unmanagedPods` carries. */
  listed: number;
}

export interface TelemetryPoint {
  time: string;
  samples: number;
  cpuPercent: number | null;
  memoryPercent: number | null;
  gpuUtilMax: number | null;
  gpuUtilAvg: number | null;
  gpuMemPercent: number | null;
  temperatureC: number | null;
  powerWatts: number | null;
  costPerHr: number | null;
  /** Average utilisation of each GPU over the bucket, in index order. */
  gpuUtil: (number | null)[];
}

/** GET /api/v1/instances/:name/telemetry?from&to&points */
export interface TelemetrySeries {
  instance: string;
  podIds: string[];
  from: string;
  to: string;
  bucketSeconds: number;
  /** Which table served it: raw samples or a rollup. */
  resolution: 'raw' | '5m' | '1h';
  points: TelemetryPoint[];
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

/** What prune decided for one instance, and why. */
export type PruneAction = 'stop' | 'terminate' | 'scaleToZero' | 'confirm' | 'none';

export type PruneDecisionCode =
  | 'due' /* countdown at zero, data fresh, no activity: act */
  | 'resume' /* an open stop intent: observe RunPod and advance it (re-send only when it did not take) */
  | 'already-stopped' /* the pod stopped on its own: confirm and flush */
  | 'counting' /* countdown not at zero */
  | 'active' /* activity right now */
  | 'protected'
  | 'stale' /* no fresh data: fail closed */
  | 'no-pod'
  | 'flushed' /* stopped and flushed before */
  | 'disabled';

export interface PruneDecision {
  instance: string;
  podId: string | null;
  action: PruneAction;
  code: PruneDecisionCode;
  reason: string;
  killAt: string | null;
  timeUntilKill: number | null;
  /**
   * How this tick left it: `planned` (dry run), `sent` (RunPod accepted; confirmed on a later tick),
   * `confirming` (an open stop intent, not done yet), `flushed`, `confirmation-failed` (past
   * `confirmTimeout`: alerted, still reconciled), `flush-skipped`, `failed`, `none`.
   */
  result:
    | 'planned'
    | 'sent'
    | 'confirming'
    | 'flushed'
    | 'confirmation-failed'
    | 'flush-skipped'
    | 'failed'
    | 'none';
}

export type AuditKind =
  | 'decision'
  | 'runpod_call'
  | 'confirmation'
  | 'flush'
  | 'warning'
  | 'orphan'
  | 'alert'
  | 'extend'
  | 'action';

export interface AuditEventView {
  id: string;
  occurredAt: string;
  pruneRunId: string | null;
  instance: string | null;
  podId: string | null;
  kind: AuditKind;
  outcome: 'ok' | 'failed' | 'skipped';
  reason: string | null;
  actor: string;
  detail: Record<string, unknown>;
}

export interface PruneRunSummary {
  instances: number;
  due: number;
  stopped: number;
  terminated: number;
  scaledToZero: number;
  flushed: number;
  confirmationFailures: number;
  skipped: number;
  warnings: number;
  orphans: number;
}

/** POST /api/v1/prune, GET /api/v1/prune-runs/:id */
export interface PruneRunView {
  id: string;
  trigger: 'schedule' | 'api' | 'cli' | 'web' | 'mcp';
  dryRun: boolean;
  instanceFilter: string | null;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  summary: PruneRunSummary;
  decisions: PruneDecision[];
  /** Every audited step of the run, in order (detail views). */
  steps: AuditEventView[];
}

/** One line of an instance's timeline: an activity signal or an audited step. */
export type TimelineEntry =
  | { type: 'activity'; at: string; signal: ActivitySignal; detail: string | null; podId: string | null }
  | ({ type: 'audit'; at: string } & AuditEventView);

/** GET /api/v1/instances/:name/timeline */
export interface InstanceTimeline {
  instance: string;
  entries: TimelineEntry[];
}
