/**
 * The GraphQL documents this client sends, with the result type of each selection.
 *
 * Field names follow the schema as real clients use it (NOTES §2.2–2.4): the runtime selection is
 * RunPod's Idle-Pod-Monitor query, `latestTelemetry` is the laravel-runpod selection (including the
 * schema's own spelling `temperatureCelcius`), the mutations are runpodctl's. The result types
 * mark every field nullable, as the schema does for most of them and as a tolerant reader must:
 * `normalize.ts` turns them into `RunpodPodTelemetry` and friends.
 */

const POD_TELEMETRY_FIELDS = `
      id
      name
      desiredStatus
      lastStatusChange
      imageName
      costPerHr
      gpuCount
      vcpuCount
      memoryInGb
      machine {
        podHostId
        gpuDisplayName
      }
      runtime {
        uptimeInSeconds
        container {
          cpuPercent
          memoryPercent
        }
        gpus {
          id
          gpuUtilPercent
          memoryUtilPercent
        }
        ports {
          ip
          isIpPublic
          privatePort
          publicPort
          type
        }
      }
      latestTelemetry {
        time
        state
        cpuUtilization
        memoryUtilization
        averageGpuMetrics {
          percentUtilization
          memoryUtilization
          temperatureCelcius
          powerWatts
        }
        individualGpuMetrics {
          id
          percentUtilization
          memoryUtilization
          temperatureCelcius
          powerWatts
        }
      }`;

/** Every pod of the account with runtime and latest telemetry: one request for the whole fleet. */
export const PODS_TELEMETRY_QUERY = `query PodwatchPodsTelemetry {
  myself {
    pods {${POD_TELEMETRY_FIELDS}
    }
  }
}`;

/**
 * The collector's one GraphQL request per cycle: account spend and every pod's telemetry
 * together, so that a cycle stays at O(1) RunPod calls (DESIGN §5).
 */
export const FLEET_TELEMETRY_QUERY = `query PodwatchFleetTelemetry {
  myself {
    currentSpendPerHr
    clientBalance
    spendLimit
    pods {${POD_TELEMETRY_FIELDS}
    }
  }
}`;

/**
 * One pod. `PodFilter!` rather than `PodFilter`: both forms are sent by working clients, and a
 * non-null variable is valid whether the schema's argument is nullable or not.
 */
export const POD_TELEMETRY_QUERY = `query PodwatchPodTelemetry($input: PodFilter!) {
  pod(input: $input) {${POD_TELEMETRY_FIELDS}
  }
}`;

export const ACCOUNT_SPEND_QUERY = `query PodwatchAccountSpend {
  myself {
    currentSpendPerHr
    clientBalance
    spendLimit
  }
}`;

export const POD_STOP_MUTATION = `mutation stopPod($podId: String!) {
  podStop(input: { podId: $podId }) {
    id
    desiredStatus
    lastStatusChange
  }
}`;

export const POD_RESUME_MUTATION = `mutation podResume($podId: String!) {
  podResume(input: { podId: $podId }) {
    id
    costPerHr
    desiredStatus
    lastStatusChange
  }
}`;

/** runpod-python sends `gpuCount` with a resume; it is only passed when the caller asks for it. */
export const POD_RESUME_WITH_GPU_COUNT_MUTATION = `mutation podResume($podId: String!, $gpuCount: Int!) {
  podResume(input: { podId: $podId, gpuCount: $gpuCount }) {
    id
    costPerHr
    desiredStatus
    lastStatusChange
  }
}`;

/** No selection set: `podTerminate` returns a scalar, `null` on success (NOTES §2.4). */
export const POD_TERMINATE_MUTATION = `mutation terminatePod($podId: String!) {
  podTerminate(input: { podId: $podId })
}`;

export interface GqlGpuTelemetry {
  id?: string | null;
  percentUtilization?: number | null;
  memoryUtilization?: number | null;
  temperatureCelcius?: number | null;
  powerWatts?: number | null;
}

export interface GqlPodTelemetry {
  id: string;
  name?: string | null;
  desiredStatus?: string | null;
  lastStatusChange?: string | null;
  imageName?: string | null;
  costPerHr?: number | null;
  gpuCount?: number | null;
  vcpuCount?: number | null;
  memoryInGb?: number | null;
  machine?: { podHostId?: string | null; gpuDisplayName?: string | null } | null;
  runtime?: {
    uptimeInSeconds?: number | null;
    container?: { cpuPercent?: number | null; memoryPercent?: number | null } | null;
    gpus?:
      | ({ id?: string | null; gpuUtilPercent?: number | null; memoryUtilPercent?: number | null } | null)[]
      | null;
    ports?:
      | ({
          ip?: string | null;
          isIpPublic?: boolean | null;
          privatePort?: number | null;
          publicPort?: number | null;
          type?: string | null;
        } | null)[]
      | null;
  } | null;
  latestTelemetry?: {
    time?: string | null;
    state?: string | null;
    cpuUtilization?: number | null;
    memoryUtilization?: number | null;
    averageGpuMetrics?: GqlGpuTelemetry | null;
    individualGpuMetrics?: (GqlGpuTelemetry | null)[] | null;
  } | null;
}

export interface PodsTelemetryResult {
  myself: { pods: (GqlPodTelemetry | null)[] | null } | null;
}

export interface FleetTelemetryResult {
  myself: (NonNullable<AccountSpendResult['myself']> & { pods: (GqlPodTelemetry | null)[] | null }) | null;
}

export interface PodTelemetryResult {
  pod: GqlPodTelemetry | null;
}

export interface AccountSpendResult {
  myself: {
    currentSpendPerHr?: number | null;
    clientBalance?: number | null;
    spendLimit?: number | null;
  } | null;
}

export interface GqlPodTransition {
  id: string;
  desiredStatus?: string | null;
  costPerHr?: number | null;
  lastStatusChange?: string | null;
}

export interface PodStopResult {
  podStop: GqlPodTransition | null;
}

export interface PodResumeResult {
  podResume: GqlPodTransition | null;
}

export interface PodTerminateResult {
  podTerminate: null;
}
