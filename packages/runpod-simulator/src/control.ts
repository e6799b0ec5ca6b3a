import { isSettableClock } from './clock.js';
import { SimControlError, SimInputError } from './errors.js';
import { type FaultRegistry } from './faults.js';
import { generatePodInputs } from './fleet.js';
import { applyPodAction, podCost, PodActionError, podPhase, type PodRecord } from './pods.js';
import { mix, Rng } from './random.js';
import { type RateLimiter } from './rate-limit.js';
import { type RequestCounter } from './request-counts.js';
import { endpointHealth, enqueueJobs } from './serverless.js';
import {
  type ContractViolation,
  type EnqueueJobsInput,
  type Fault,
  type FaultInput,
  type GraphqlState,
  PROFILE_NAMES,
  type ProfileName,
  type RequestCounts,
  type ServerlessHealth,
  type PodAction,
  type SimPodHistory,
  type SimPodInput,
  type SimPodSummary,
  type SimQuirks,
} from './types.js';
import { type World } from './world.js';

export interface ControlDeps {
  world: World;
  faults: FaultRegistry;
  counter: RequestCounter;
  rateLimiter: RateLimiter | null;
  violations: ContractViolation[] | null;
}

/** Anything `addPods` accepts: one pod, several, or `{count}` generated from the seed. */
export type AddPodsInput = SimPodInput | SimPodInput[] | { count: number };

/**
 * The simulator's control surface. The HTTP control API under `/__sim` calls exactly these
 * methods; tests in the same process can call them directly. Errors are SimInputError (400) or
 * SimControlError (its status).
 */
export class SimulatorControl {
  private generation = 0;

  constructor(private readonly deps: ControlDeps) {}

  private get world(): World {
    return this.deps.world;
  }

  now(): Date {
    return this.world.clock.now();
  }

  get clockSettable(): boolean {
    return isSettableClock(this.world.clock);
  }

  /** Sets the clock (only a settable clock, only forward). */
  setClock(at: Date | string | number): Date {
    const clock = this.world.clock;
    if (!isSettableClock(clock)) {
      throw new SimControlError(
        409,
        "the clock is not settable: start the simulator with clock: 'manual' or a settable clock",
      );
    }
    const target = new Date(at).getTime();
    if (Number.isNaN(target)) throw new SimInputError('set must be an ISO date-time or epoch milliseconds');
    if (target < this.world.now()) {
      throw new SimControlError(409, 'the clock only moves forward (derived state and billing depend on it)');
    }
    clock.set(target);
    return clock.now();
  }

  advanceClock(ms: number): Date {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new SimInputError('advanceMs must be a non-negative number of milliseconds');
    }
    return this.setClock(this.world.now() + ms);
  }

  private summary(pod: PodRecord, t = this.world.now()): SimPodSummary {
    const phase = podPhase(pod, this.world.transitions, t);
    const status = phase === 'GONE' ? 'TERMINATED' : phase;
    return {
      id: pod.id,
      name: pod.name,
      status,
      profile: pod.profile,
      stuck: pod.stuck,
      gpuTypeId: pod.gpu?.typeId ?? null,
      gpuCount: pod.gpu?.count ?? 0,
      costPerHr: podCost(status, pod, t),
      createdAt: new Date(pod.createdAt).toISOString(),
    };
  }

  private pod(id: string): PodRecord {
    const pod = this.world.pods.get(id);
    if (!pod) throw new SimControlError(404, `pod ${id} not found`);
    return pod;
  }

  listPods(): SimPodSummary[] {
    const t = this.world.now();
    return [...this.world.pods.values()].map((pod) => this.summary(pod, t));
  }

  /** How many pods the simulator holds (what `listPods().length` would say, without the summaries). */
  podCount(): number {
    return this.world.pods.size;
  }

  addPods(input: AddPodsInput): SimPodSummary[] {
    const t = this.world.now();
    let inputs: SimPodInput[];
    if (Array.isArray(input)) {
      inputs = input;
    } else if (typeof input === 'object' && input !== null && 'count' in input) {
      const count = input.count;
      if (!Number.isInteger(count) || count < 1 || count > 100_000) {
        throw new SimInputError('count must be an integer from 1 to 100000');
      }
      this.generation++;
      const taken = new Set([...this.world.pods.keys(), ...this.world.endpoints.keys()]);
      inputs = generatePodInputs(count, new Rng(mix(this.world.options.seed, 3, this.generation)), taken);
    } else if (typeof input === 'object' && input !== null) {
      inputs = [input];
    } else {
      throw new SimInputError('send a pod, an array of pods or {count}');
    }
    // Validate all before adding any, so that a bad entry leaves the fleet unchanged.
    const ids = new Set<string>();
    for (const pod of inputs) {
      if (typeof pod !== 'object' || pod === null) throw new SimInputError('each pod must be an object');
      if (pod.id !== undefined && (ids.has(pod.id) || this.world.pods.has(pod.id))) {
        throw new SimInputError(`a pod with id '${pod.id}' already exists`);
      }
      if (pod.id !== undefined) ids.add(pod.id);
    }
    return inputs.map((pod) => this.summary(this.world.addPod(pod, t), t));
  }

  /** Removes a pod completely, billing history included (unlike terminate). */
  removePod(id: string): void {
    this.pod(id);
    this.world.pods.delete(id);
  }

  setProfile(id: string, profile: ProfileName): SimPodSummary {
    if (!PROFILE_NAMES.includes(profile)) {
      throw new SimInputError(`profile must be one of ${PROFILE_NAMES.join(', ')}`);
    }
    const pod = this.pod(id);
    if (pod.profile !== profile) pod.history.profiles.push({ at: this.world.now(), profile });
    pod.profile = profile;
    return this.summary(pod);
  }

  /**
   * What a person would do in RunPod's console: start, stop, restart or terminate a pod now. It
   * is recorded as `control` in the pod's history, apart from the actions sent through the API.
   */
  podAction(id: string, action: PodAction): SimPodSummary {
    if (!['start', 'stop', 'restart', 'terminate'].includes(action)) {
      throw new SimInputError('action must be one of start, stop, restart, terminate');
    }
    const pod = this.pod(id);
    try {
      applyPodAction(pod, action, this.world.transitions, this.world.now(), 'control');
    } catch (error) {
      if (error instanceof PodActionError) throw new SimControlError(409, error.message);
      throw error;
    }
    return this.summary(pod);
  }

  /** Every pod's history: profiles, billed runs and actions (the ground truth of a scenario). */
  history(): SimPodHistory[] {
    return [...this.world.pods.values()].map((pod) => ({
      id: pod.id,
      name: pod.name,
      ratePerHr: pod.ratePerHr,
      profiles: pod.history.profiles.map((entry) => ({ ...entry })),
      runs: pod.runs.map((run, index) => ({
        from: run.from,
        to: run.to,
        billedUntil: run.to === null ? null : (pod.history.billedUntil[index] ?? run.to),
      })),
      actions: pod.history.actions.map((entry) => ({ ...entry })),
    }));
  }

  /** A stuck pod accepts actions (200/204) but never changes status, and keeps billing. */
  setStuck(id: string, stuck = true): SimPodSummary {
    if (typeof stuck !== 'boolean') throw new SimInputError('stuck must be a boolean');
    const pod = this.pod(id);
    pod.stuck = stuck;
    return this.summary(pod);
  }

  /** After this pod's next stop takes effect, REST keeps reporting its running cost for `seconds`. */
  setBillingLag(id: string, seconds: number): SimPodSummary {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new SimInputError('seconds must be a number of seconds, 0 or more');
    }
    const pod = this.pod(id);
    pod.billingLagMs = seconds * 1000;
    return this.summary(pod);
  }

  addFault(input: FaultInput): Fault {
    return this.deps.faults.add(input);
  }

  listFaults(): Fault[] {
    return this.deps.faults.list();
  }

  removeFault(id: string): void {
    if (!this.deps.faults.remove(id)) throw new SimControlError(404, `fault ${id} not found`);
  }

  /** Removes every fault; hung requests then go on and get their normal answer. */
  clearFaults(): void {
    this.deps.faults.clear();
  }

  enqueueJobs(endpointId: string, input: EnqueueJobsInput): ServerlessHealth {
    const t = this.world.now();
    const ep = this.world.findEndpoint(endpointId, t);
    if (!ep) throw new SimControlError(404, `endpoint ${endpointId} not found`);
    const { count, durationSeconds } = input;
    if (!Number.isInteger(count) || count < 1 || count > 100_000) {
      throw new SimInputError('count must be an integer from 1 to 100000');
    }
    if (typeof durationSeconds !== 'number' || !(durationSeconds > 0)) {
      throw new SimInputError('durationSeconds must be a positive number');
    }
    enqueueJobs(ep, count, Math.round(durationSeconds * 1000), input.fail === true, t);
    return endpointHealth(ep, t);
  }

  endpointHealth(endpointId: string): ServerlessHealth {
    const t = this.world.now();
    const ep = this.world.findEndpoint(endpointId, t);
    if (!ep) throw new SimControlError(404, `endpoint ${endpointId} not found`);
    return endpointHealth(ep, t);
  }

  requestCounts(): RequestCounts {
    return this.deps.counter.snapshot();
  }

  resetRequestCounts(): void {
    this.deps.counter.reset();
  }

  /** `up`, or `gone` when `POST /graphql` answers 410. */
  graphql(): GraphqlState {
    return this.world.graphql;
  }

  /** Retires GraphQL (`gone`: 410 from the next request on) or brings it back (`up`). */
  setGraphql(state: GraphqlState): GraphqlState {
    if (state !== 'up' && state !== 'gone') throw new SimInputError("state must be 'up' or 'gone'");
    this.world.graphql = state;
    return state;
  }

  quirks(): SimQuirks {
    return { ...this.world.quirks };
  }

  setQuirks(quirks: SimQuirks): SimQuirks {
    if (typeof quirks !== 'object' || quirks === null) throw new SimInputError('quirks must be an object');
    for (const [name, value] of Object.entries(quirks)) {
      if (!['goTimestamps', 'imageName', 'numericStrings'].includes(name) || typeof value !== 'boolean') {
        throw new SimInputError(
          `unknown quirk '${name}' (goTimestamps, imageName, numericStrings take booleans)`,
        );
      }
    }
    this.world.quirks = { ...quirks };
    return this.quirks();
  }

  contractViolations(): ContractViolation[] {
    return [...(this.deps.violations ?? [])];
  }

  clearContractViolations(): void {
    this.deps.violations?.splice(0);
  }

  /**
   * Back to the initial fleet, anchored at the current time (the clock keeps its time). Faults,
   * hung requests, rate-limit windows, quirks and request counts are cleared too; recorded
   * contract violations are kept.
   */
  reset(): void {
    this.deps.faults.clear();
    this.deps.rateLimiter?.reset();
    this.deps.counter.reset();
    this.generation = 0;
    this.world.reset();
  }
}
