import {
  ACCOUNT_SPEND_QUERY,
  FLEET_TELEMETRY_QUERY,
  POD_RESUME_MUTATION,
  POD_RESUME_WITH_GPU_COUNT_MUTATION,
  POD_STOP_MUTATION,
  POD_TELEMETRY_QUERY,
  POD_TERMINATE_MUTATION,
  PODS_TELEMETRY_QUERY,
  type AccountSpendResult,
  type FleetTelemetryResult,
  type PodResumeResult,
  type PodStopResult,
  type PodsTelemetryResult,
  type PodTelemetryResult,
  type PodTerminateResult,
} from '../graphql-documents.js';
import { normalizeAccountSpend, normalizePodTelemetry, normalizePodTransition } from '../normalize.js';
import type { RequestOptions } from '../options.js';
import type { Transport } from '../transport.js';
import type { AccountSpend, FleetTelemetry, RunpodPodTelemetry, RunpodPodTransition } from '../types.js';

function readPods(pods: unknown, fail: (reason: string) => never): RunpodPodTelemetry[] {
  if (!Array.isArray(pods)) return fail('expected myself.pods');
  return pods.map(normalizePodTelemetry).filter((pod) => pod !== null);
}

export interface ResumePodOptions extends RequestOptions {
  /** Sent as `podResume(input: { gpuCount })`; omitted by default, as runpodctl does. */
  gpuCount?: number;
}

/** GraphQL (`https://api.runpod.io/graphql`): telemetry with temperature and power, spend, mutations. */
export class GraphqlResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every pod with `runtime` and `latestTelemetry`, in ONE request (`myself { pods { … } }`). */
  podsTelemetry(options?: RequestOptions): Promise<RunpodPodTelemetry[]> {
    return this.#transport.graphql<PodsTelemetryResult, RunpodPodTelemetry[]>({
      operation: 'PodwatchPodsTelemetry',
      document: PODS_TELEMETRY_QUERY,
      options,
      parse: (data, fail) => readPods(data.myself?.pods, fail),
    });
  }

  /** `podsTelemetry()` and `accountSpend()` in ONE request: what a collection cycle needs. */
  fleetTelemetry(options?: RequestOptions): Promise<FleetTelemetry> {
    return this.#transport.graphql<FleetTelemetryResult, FleetTelemetry>({
      operation: 'PodwatchFleetTelemetry',
      document: FLEET_TELEMETRY_QUERY,
      options,
      parse: (data, fail) => {
        const spend = normalizeAccountSpend(data.myself) ?? fail('expected myself');
        return { pods: readPods(data.myself?.pods, fail), spend };
      },
    });
  }

  /** One pod (`pod(input: { podId })`); null when RunPod answers `pod: null`. */
  podTelemetry(podId: string, options?: RequestOptions): Promise<RunpodPodTelemetry | null> {
    return this.#transport.graphql<PodTelemetryResult, RunpodPodTelemetry | null>({
      operation: 'PodwatchPodTelemetry',
      document: POD_TELEMETRY_QUERY,
      variables: { input: { podId } },
      options,
      parse: (data) => normalizePodTelemetry(data.pod),
    });
  }

  /** `myself { currentSpendPerHr clientBalance spendLimit }`. */
  accountSpend(options?: RequestOptions): Promise<AccountSpend> {
    return this.#transport.graphql<AccountSpendResult, AccountSpend>({
      operation: 'PodwatchAccountSpend',
      document: ACCOUNT_SPEND_QUERY,
      options,
      parse: (data, fail) => normalizeAccountSpend(data.myself) ?? fail('expected myself'),
    });
  }

  stopPod(podId: string, options?: RequestOptions): Promise<RunpodPodTransition> {
    return this.#transport.graphql<PodStopResult, RunpodPodTransition>({
      operation: 'stopPod',
      document: POD_STOP_MUTATION,
      variables: { podId },
      options,
      parse: (data, fail) => normalizePodTransition(data.podStop) ?? fail('expected podStop { id }'),
    });
  }

  resumePod(podId: string, options?: ResumePodOptions): Promise<RunpodPodTransition> {
    const withGpuCount = options?.gpuCount !== undefined;
    return this.#transport.graphql<PodResumeResult, RunpodPodTransition>({
      operation: 'podResume',
      document: withGpuCount ? POD_RESUME_WITH_GPU_COUNT_MUTATION : POD_RESUME_MUTATION,
      variables: withGpuCount ? { podId, gpuCount: options.gpuCount } : { podId },
      options,
      parse: (data, fail) => normalizePodTransition(data.podResume) ?? fail('expected podResume { id }'),
    });
  }

  /** `podTerminate` answers `null` on success; a failure comes as `errors[]` (GraphqlError). */
  async terminatePod(podId: string, options?: RequestOptions): Promise<void> {
    await this.#transport.graphql<PodTerminateResult, null>({
      operation: 'terminatePod',
      document: POD_TERMINATE_MUTATION,
      variables: { podId },
      options,
      parse: () => null,
    });
  }
}
