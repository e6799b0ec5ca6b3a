/**
 * The part of RunPod's GraphQL schema that real clients use (NOTES §2): field names and types
 * follow the transcriptions of graphql-spec.runpod.io, including the schema's own spelling
 * `temperatureCelcius`.
 */
export const RUNPOD_SDL = /* GraphQL */ `
  scalar DateTime

  "RunPod's podTerminate returns null: a scalar with no selection set."
  scalar Void

  enum PodStatus {
    CREATED
    RUNNING
    RESTARTING
    EXITED
    PAUSED
    DEAD
    TERMINATED
  }

  enum PodType {
    INTERRUPTABLE
    RESERVED
    BID
    BACKGROUND
  }

  enum ComputeType {
    CPU
    GPU
  }

  type Query {
    myself: User
    pod(input: PodFilter): Pod
  }

  type Mutation {
    podStop(input: PodStopInput!): Pod
    podResume(input: PodResumeInput!): Pod
    podTerminate(input: PodTerminateInput!): Void
  }

  input PodFilter {
    podId: String
  }

  input PodStopInput {
    podId: String!
    incrementVersion: Boolean
  }

  input PodResumeInput {
    podId: String!
    gpuCount: Int
    syncMachine: Boolean
    computeType: ComputeType
  }

  input PodTerminateInput {
    podId: String!
  }

  type User {
    id: String
    email: String
    currentSpendPerHr: Float
    clientBalance: Float
    spendLimit: Int
    underBalance: Boolean
    pods: [Pod]
    endpoints: [Endpoint]
    serverlessDiscount: ServerlessDiscount
  }

  type ServerlessDiscount {
    discountFactor: Float
    type: String
    expirationDate: String
  }

  type Pod {
    id: String!
    name: String!
    desiredStatus: PodStatus!
    imageName: String!
    costPerHr: Float!
    adjustedCostPerHr: Float!
    gpuCount: Int!
    vcpuCount: Float!
    memoryInGb: Float!
    containerDiskInGb: Int
    volumeInGb: Float
    volumeMountPath: String
    "Comma list, e.g. 8888/http,22/tcp."
    ports: String
    port: Int
    "KEY=value items."
    env: [String]
    dockerArgs: String
    dockerId: String
    lastStatusChange: String
    lastStartedAt: String
    createdAt: String
    uptimeSeconds: Int
    machineId: String!
    podType: PodType
    locked: Boolean
    templateId: String
    networkVolumeId: String
    cpuFlavorId: String
    consumerUserId: String
    slsVersion: Int
    version: Int
    runtime: PodRuntime
    machine: PodMachineInfo
    latestTelemetry: PodTelemetry
  }

  type PodRuntime {
    uptimeInSeconds: Int
    ports: [PodRuntimePorts]
    gpus: [PodRuntimeGpus]
    container: PodRuntimeContainer
  }

  type PodRuntimePorts {
    ip: String
    isIpPublic: Boolean
    privatePort: Int
    publicPort: Int
    type: String
  }

  type PodRuntimeGpus {
    id: String
    gpuUtilPercent: Int
    memoryUtilPercent: Int
  }

  type PodRuntimeContainer {
    cpuPercent: Int
    memoryPercent: Int
  }

  type PodMachineInfo {
    podHostId: String
    gpuDisplayName: String
    gpuTypeId: String
    location: String
    dataCenterId: String
    costPerHr: Float
    currentPricePerGpu: Float
    secureCloud: Boolean
    supportPublicIp: Boolean
    cpuCount: Int
    vcpuTotal: Float
    memoryTotal: Float
    diskMBps: Int
    maxDownloadSpeedMbps: Int
    maxUploadSpeedMbps: Int
  }

  type PodTelemetry {
    state: String
    time: DateTime
    "0–1 (a fraction, unlike the GPU metrics)."
    cpuUtilization: Float
    "0–1 (a fraction, unlike the GPU metrics)."
    memoryUtilization: Float
    averageGpuMetrics: GpuTelemetry
    individualGpuMetrics: [GpuTelemetry]
    "Epoch seconds of the last state transition."
    lastStateTransitionTimestamp: Int
  }

  type GpuTelemetry {
    id: String
    "0–100."
    percentUtilization: Float
    temperatureCelcius: Float
    "0–100."
    memoryUtilization: Float
    powerWatts: Float
  }

  type Endpoint {
    id: String
    name: String
    aiKey: String
    gpuIds: String
    idleTimeout: Int
    locations: String
    networkVolumeId: String
    scalerType: String
    scalerValue: Int
    templateId: String
    type: String
    userId: String
    version: Int
    workersMax: Int
    workersMin: Int
    workersStandby: Int
    gpuCount: Int
    env: [EnvironmentVariable]
    createdAt: String
    allowedCudaVersions: String
    executionTimeoutMs: Int
    computeType: String
    networkVolume: NetworkVolume
    pods: [Pod]
  }

  type EnvironmentVariable {
    key: String
    value: String
  }

  type NetworkVolume {
    id: String
    name: String
    size: Int
    dataCenterId: String
  }
`;
