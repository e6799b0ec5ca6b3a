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

export const RUNPOD_CLIENT = Symbol('RUNPOD_CLIENT');

export interface FleetObservation {
  at: Date;
  pods: ObservedPod[];
  spend: AccountSpend | null;
  endpoints: RunpodEndpoint[];
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
  ) {}

  /**
   * One collection's worth of RunPod, in O(1) requests whatever the fleet size: the REST pod list,
   * one GraphQL batch (telemetry, temperature, power, account spend), the endpoint list, and one
   * workers call per serverless instance. Throws when the pod list or the telemetry batch fails.
   */
  async observeFleet(serverlessEndpointIds: string[]): Promise<FleetObservation> {
    const [pods, fleet, endpoints] = await Promise.all([
      this.client.pods.list(),
      this.client.graphql.fleetTelemetry(),
      this.client.endpoints.list(),
    ]);
    const workers = new Map<string, EndpointWorkers | Error>();
    await Promise.all(
      serverlessEndpointIds.map(async (id, index) => {
        workers.set(id, await this.workersWithinBudget(id, index).catch((error: unknown) => asError(error)));
      }),
    );
    const at = this.clock.now();
    const telemetryById = new Map(fleet.pods.map((t) => [t.podId, t]));
    const observed = pods.map((pod) => ({ pod, telemetry: telemetryById.get(pod.id) ?? null }));
    await this.store.record(observed, at, { complete: true });
    return { at, pods: observed, spend: fleet.spend, endpoints, workers };
  }

  /** Every pod of the account from the REST list alone (prune's one look per tick), recorded. */
  async listPods(): Promise<RunpodPod[]> {
    const pods = await this.client.pods.list();
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
