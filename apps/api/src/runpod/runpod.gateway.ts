/**
 * The only code that calls RunPod. Every pod it reads or changes is recorded on the way (PodStore),
 * so the database and the dashboards follow RunPod from this one integration point.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  type AccountSpend,
  type CreatePodResult,
  type EndpointWorkers,
  NotFoundError,
  type PodAction,
  type PodBilling,
  type RunpodClient,
  type RunpodEndpoint,
  type RunpodPod,
} from '@podwatch/runpod-client';
import { Clock } from '../common/clock.js';
import type { CreateSpec } from '../config/podwatch-config.js';
import { type ObservedPod, PodStore } from '../pods/pod-store.js';
import { PRIORITY_WORKER_CALLS, RunpodBudget } from './runpod-budget.js';
import { GraphqlState } from './graphql-state.js';

export const RUNPOD_CLIENT = Symbol('RUNPOD_CLIENT');

/**
 * One look at RunPod. Only the REST pod list is required; the rest are enrichments, each a value
 * or the Error that kept it away, so that a failure marks only what it feeds as stale.
 */
export interface FleetObservation {
  at: Date;
  pods: ObservedPod[];
  /** GraphQL `myself` spend and balance; null when GraphQL failed, is retired or is off. */
  spend: AccountSpend | null;
  /**
   * Why GraphQL's figures (temperature, power, balance, spend) are missing this cycle; null when
   * it answered.
   */
  graphqlUnavailable: string | null;
  /** Every serverless endpoint of the account, or why the list could not be read. */
  endpoints: RunpodEndpoint[] | Error;
  /** Workers per serverless instance's endpoint; an Error when that call failed. */
  workers: Map<string, EndpointWorkers | Error>;
}

/** podwatch.yaml's `create` spec as a REST v2 CreatePodRequest. */
export function createPodRequest(instanceName: string, spec: CreateSpec) {
  return {
    name: spec.name ?? instanceName,
    ...(spec.image ? { image: spec.image } : {}),
    ...(spec.templateId ? { templateId: spec.templateId } : {}),
    gpu: { id: spec.gpuType, count: spec.gpuCount },
    ...(spec.containerDiskGb ? { disk: spec.containerDiskGb } : {}),
    ...(spec.volumeGb
      ? { mounts: { persistent: { size: spec.volumeGb, path: spec.volumePath ?? '/workspace' } } }
      : {}),
    ...(spec.ports ? { ports: spec.ports } : {}),
    ...(spec.env ? { env: spec.env } : {}),
    ...(spec.cloud ? { cloud: spec.cloud } : {}),
    ...(spec.dataCenterIds ? { dataCenterIds: spec.dataCenterIds } : {}),
  };
}

@Injectable()
export class RunpodGateway {
  constructor(
    @Inject(RUNPOD_CLIENT) private readonly client: RunpodClient,
    private readonly store: PodStore,
    private readonly clock: Clock,
    private readonly budget: RunpodBudget,
    private readonly graphql: GraphqlState,
  ) {}

  /**
   * One collection's worth of RunPod, in O(1) requests whatever the fleet size: the REST pod list
   * (every page, cluster members included), one GraphQL batch while GraphQL is on (temperature,
   * power, account spend), the endpoint list, and one workers call per serverless instance. Only
   * the pod list's failure throws; the others come back as values or errors.
   */
  async observeFleet(serverlessEndpointIds: string[]): Promise<FleetObservation> {
    const fleetPromise = this.graphqlTelemetry();
    const endpointsPromise = this.client.endpoints.list().catch((error: unknown) => asError(error));
    const workers = new Map<string, EndpointWorkers | Error>();
    const workersPromise = Promise.all(
      serverlessEndpointIds.map(async (id, index) => {
        workers.set(id, await this.workersWithinBudget(id, index).catch((error: unknown) => asError(error)));
      }),
    );
    const pods = await this.client.pods.list({ includeClusterPods: true }).catch(async (error: unknown) => {
      // The enrichments settle on their own (they never reject); the cycle fails on the pod list alone.
      await Promise.all([fleetPromise, endpointsPromise, workersPromise]);
      throw error;
    });
    const [fleet, endpoints] = await Promise.all([fleetPromise, endpointsPromise, workersPromise]);
    const at = this.clock.now();
    const telemetryById = new Map((fleet.value?.pods ?? []).map((t) => [t.podId, t]));
    const observed = pods.map((pod) => ({ pod, telemetry: telemetryById.get(pod.id) ?? null }));
    await this.store.record(observed, at, { complete: true });
    return {
      at,
      pods: observed,
      spend: fleet.value?.spend ?? null,
      graphqlUnavailable: fleet.unavailable,
      endpoints,
      workers,
    };
  }

  /** The GraphQL batch while GraphQL is on; its failure is a reason, a 410/404 retires it. */
  private async graphqlTelemetry(): Promise<{
    value: Awaited<ReturnType<RunpodClient['graphql']['fleetTelemetry']>> | null;
    unavailable: string | null;
  }> {
    if (!this.graphql.enabled) return { value: null, unavailable: this.graphql.unavailableReason() };
    try {
      // One attempt: an enrichment must not hold the cycle through retries (the next cycle asks again).
      const value = await this.client.graphql.fleetTelemetry({ maxRetries: 0 });
      this.graphql.succeeded();
      return { value, unavailable: null };
    } catch (error) {
      return { value: null, unavailable: this.graphql.failed(error, errorText(error)) };
    }
  }

  /** Every pod of the account from the REST list alone (prune's one look per tick), recorded. */
  async listPods(): Promise<RunpodPod[]> {
    // A complete listing (pods it leaves out are marked gone): cluster members included.
    const pods = await this.client.pods.list({ includeClusterPods: true });
    await this.store.record(
      pods.map((pod) => ({ pod, telemetry: null })),
      this.clock.now(),
      { complete: true },
    );
    return pods;
  }

  /** The first endpoints' workers are collection's; the others wait for budget (RunpodBudgetSpentError). */
  private async workersWithinBudget(endpointId: string, index: number): Promise<EndpointWorkers> {
    if (index >= PRIORITY_WORKER_CALLS) await this.budget.spendLowPriority(`Workers of ${endpointId}`);
    return this.client.endpoints.workers(endpointId);
  }

  /**
   * The pod as RunPod has it now, recorded; `null` (and recorded as gone) when RunPod no longer
   * knows it. A low-priority call: RunpodBudgetSpentError when collection needs the rest of the minute.
   */
  async getPod(podId: string): Promise<RunpodPod | null> {
    await this.budget.spendLowPriority(`Reading pod ${podId}`);
    try {
      const pod = await this.client.pods.get(podId);
      await this.store.record([{ pod, telemetry: null }], this.clock.now());
      return pod;
    } catch (error) {
      if (error instanceof NotFoundError) {
        await this.store.recordGone(podId, this.clock.now());
        return null;
      }
      throw error;
    }
  }

  /** `start`, `stop`, `restart` or `terminate`; returns the pod as RunPod reports it afterwards. */
  async podAction(podId: string, action: PodAction): Promise<RunpodPod | null> {
    const pod = await this.client.pods.action(podId, action);
    if (pod) {
      await this.store.record([{ pod, telemetry: null }], this.clock.now());
      return pod;
    }
    return this.getPod(podId);
  }

  async createPod(instanceName: string, spec: CreateSpec): Promise<CreatePodResult> {
    const result = await this.client.pods.create(createPodRequest(instanceName, spec));
    await this.store.record([{ pod: result.pod, telemetry: null }], this.clock.now());
    return result;
  }

  /** RunPod's billed amounts per pod per UTC day, from `from` (a midnight) to now (`GET /v2/billing/pods`). */
  async billingPodsByDay(from: Date): Promise<PodBilling> {
    await this.budget.spendLowPriority('Billing back-fill');
    return this.client.billing.pods({ bucketSize: 'day', startTime: from.toISOString() });
  }

  /** RunPod's billed amounts per pod per hour from `from` to now (`GET /v2/billing/pods`, hour buckets). */
  billingPodsByHour(from: Date): Promise<PodBilling> {
    return this.client.billing.pods({ bucketSize: 'hour', startTime: from.toISOString() });
  }

  endpointWorkers(endpointId: string): Promise<EndpointWorkers> {
    return this.client.endpoints.workers(endpointId);
  }

  /** Sets the endpoint's minimum workers (scale to zero: 0), keeping its maximum. */
  async setEndpointMinWorkers(endpointId: string, min: number): Promise<RunpodEndpoint> {
    const endpoint = await this.client.endpoints.get(endpointId);
    return this.client.endpoints.update(endpointId, {
      workers: {
        min,
        max: endpoint.workers.max,
        ...(endpoint.workers.idleTimeoutSeconds ? { idleTimeout: endpoint.workers.idleTimeoutSeconds } : {}),
      },
    });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A RunPod error's own text (`ApiError: 410 …`), which never carries the API key. */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
