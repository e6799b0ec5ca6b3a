import { randomUUID } from 'node:crypto';
import {
  ApiError,
  ConflictError,
  ConnectionError,
  MalformedResponseError,
  NotFoundError,
  PodCreateUnconfirmedError,
  type RunpodError,
} from '../errors.js';
import { normalizePod } from '../normalize.js';
import type { RequestOptions } from '../options.js';
import { isTransientFailure, type Attempt, type RetryPolicy, type Transport } from '../transport.js';
import { isObject } from '../tolerant.js';
import type {
  CreatePodRequest,
  ListPodsQuery,
  PodAction,
  RunpodPod,
  RunpodPodStatus,
  UpdatePodRequest,
} from '../types.js';

/**
 * The env var that marks a pod with the create call that made it, so that a create whose answer
 * was lost can find its pod instead of making a second one.
 */
export const CREATE_MARKER_ENV = 'PODWATCH_CREATE_ID';

export interface CreatePodOptions extends RequestOptions {
  /**
   * Written to the pod's env as `PODWATCH_CREATE_ID`. Default: a random UUID. Pass a stable value
   * to make a create idempotent across processes (e.g. one per instance start).
   */
  idempotencyKey?: string;
}

export interface CreatePodResult {
  pod: RunpodPod;
  idempotencyKey: string;
  /**
   * Null when the create answered normally. Otherwise the ambiguous failure (a 5xx, timeout,
   * dropped connection or unreadable 2xx) after which the pod was found by name and marker.
   */
  recoveredAfter: RunpodError | null;
}

/**
 * True when a failed create may nevertheless have made the pod: RunPod's `POST /pods` can answer
 * 500 after creating a billing pod (NOTES §1.5), a timeout or reset hides the answer, and an
 * unreadable 2xx is a success we could not read. A 429 is refused before any work is done, and a
 * refused connection or unresolved name never reached the server.
 */
export function isAmbiguousFailure(error: RunpodError): boolean {
  if (error instanceof ApiError) return error.status === 408 || error.status >= 500;
  if (error instanceof ConnectionError) return !error.neverSent;
  return error instanceof MalformedResponseError;
}

// Statuses that show a transition took effect, for an action retried after an ambiguous failure.
const ACTION_REACHED: Partial<Record<PodAction, readonly RunpodPodStatus[]>> = {
  stop: ['EXITED', 'TERMINATED'],
  start: ['PROVISIONING', 'STARTING', 'RUNNING'],
  terminate: ['TERMINATED'],
};

/**
 * For a call that may be retried: `onAttempt` notes whether an earlier attempt failed
 * ambiguously, after which a 404 or 409 may only mean that attempt took effect.
 */
function ambiguityTracker(): { onAttempt: (attempt: Attempt) => void; ambiguousEarlier: boolean } {
  const tracker = {
    ambiguousEarlier: false,
    onAttempt: (attempt: Attempt): void => {
      if (attempt.previousError !== null && isAmbiguousFailure(attempt.previousError))
        tracker.ambiguousEarlier = true;
    },
  };
  return tracker;
}

function requirePod(json: unknown, fail: (reason: string) => never): RunpodPod {
  return normalizePod(json) ?? fail('expected a pod with an id');
}

export class PodsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * `GET /v2/pods`: every pod with live `runtime` utilisation. One call unless RunPod pages the
   * list: while a page carries `nextCursor` the next one is fetched with `?cursor=`, and the
   * pods of all pages are returned together. Cluster members come only with
   * `includeClusterPods: true`.
   */
  async list(query?: ListPodsQuery, options?: RequestOptions): Promise<RunpodPod[]> {
    const pods: RunpodPod[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.#transport.rest({
        method: 'GET',
        template: '/pods',
        query: { includeClusterPods: query?.includeClusterPods, cursor },
        options,
        parse: (json, fail) => {
          const list = isObject(json) ? json.pods : undefined;
          if (!Array.isArray(list)) return fail('expected { pods: [...] }');
          const next = isObject(json) ? json.nextCursor : undefined;
          if (next !== undefined && next !== null && typeof next !== 'string')
            return fail('expected nextCursor to be a string');
          // A cursor handed out twice would page forever.
          if (typeof next === 'string' && seen.has(next)) return fail(`nextCursor ${next} repeats`);
          return {
            pods: list.map(normalizePod).filter((pod) => pod !== null),
            next: typeof next === 'string' && next !== '' ? next : undefined,
          };
        },
      });
      pods.push(...page.pods);
      cursor = page.next;
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
    return pods;
  }

  get(id: string, options?: RequestOptions): Promise<RunpodPod> {
    return this.#transport.rest({
      method: 'GET',
      template: '/pods/{id}',
      params: { id },
      options,
      parse: requirePod,
    });
  }

  /**
   * `POST /v2/pods`, never retried blindly. A 429 is retried after the wait the server asks for.
   * After an ambiguous failure (5xx, 408, timeout, connection error, unreadable 2xx) the client
   * waits its backoff, then lists pods and looks for this name with `PODWATCH_CREATE_ID` equal to
   * the idempotency key: if found, that pod is the result; if not, the create is sent again with
   * the same key. When no retry is left it looks once more before throwing the last error. If a
   * lookup itself fails the outcome cannot be known, and it throws PodCreateUnconfirmedError.
   */
  async create(body: CreatePodRequest, options?: CreatePodOptions): Promise<CreatePodResult> {
    const idempotencyKey = options?.idempotencyKey ?? randomUUID();
    const sent: CreatePodRequest = { ...body, env: { ...body.env, [CREATE_MARKER_ENV]: idempotencyKey } };
    let recoveredAfter: RunpodError | null = null;

    const policy: RetryPolicy<RunpodPod> = {
      retryable: isTransientFailure,
      reconcile: async (error) => {
        if (!isAmbiguousFailure(error)) return undefined;
        let found: RunpodPod | undefined;
        try {
          found = await this.findCreated(body.name, idempotencyKey, options);
        } catch (lookupError) {
          throw new PodCreateUnconfirmedError({
            podName: body.name,
            idempotencyKey,
            createError: error,
            lookupError: this.#transport.toRunpodError(lookupError, {
              api: 'rest',
              method: 'GET',
              route: '/v2/pods',
            }),
          });
        }
        if (found !== undefined) recoveredAfter = error;
        return found;
      },
    };

    const pod = await this.#transport.rest({
      method: 'POST',
      template: '/pods',
      body: sent,
      options,
      policy,
      parse: requirePod,
    });
    return { pod, idempotencyKey, recoveredAfter };
  }

  /** The pod a create with this name and idempotency key made, if it exists. */
  async findCreated(
    name: string,
    idempotencyKey: string,
    options?: RequestOptions,
  ): Promise<RunpodPod | undefined> {
    const pods = await this.list(undefined, options);
    return pods.find((pod) => pod.name === name && pod.env[CREATE_MARKER_ENV] === idempotencyKey);
  }

  /** `PATCH /v2/pods/{id}`. RunPod may reset the pod to apply it. */
  update(id: string, body: UpdatePodRequest, options?: RequestOptions): Promise<RunpodPod> {
    return this.#transport.rest({
      method: 'PATCH',
      template: '/pods/{id}',
      params: { id },
      body,
      options,
      parse: requirePod,
    });
  }

  /**
   * `POST /v2/pods/{id}/action`. Returns the updated pod, or null for `terminate` (204). A 409
   * ("not valid for the current status") is an answer and is thrown as ConflictError, with one
   * exception: when it follows an ambiguous failure of the same call, the client reads the pod,
   * and if it is already where the action leads (stopped, started, terminated or gone) returns
   * that instead, since it was the earlier attempt that took effect.
   */
  async action(id: string, action: PodAction, options?: RequestOptions): Promise<RunpodPod | null> {
    const tracker = ambiguityTracker();
    try {
      return await this.#transport.rest({
        method: 'POST',
        template: '/pods/{id}/action',
        params: { id },
        body: { action },
        options,
        allowEmpty: true,
        onAttempt: tracker.onAttempt,
        parse: (json, fail) => (json === undefined ? null : requirePod(json, fail)),
      });
    } catch (error) {
      const reached = ACTION_REACHED[action];
      const answered = error instanceof ConflictError || error instanceof NotFoundError;
      if (!tracker.ambiguousEarlier || !answered || reached === undefined) throw error;
      const pod = await this.#getOrNull(id, options);
      if (action === 'terminate') {
        if (pod === null || reached.includes(pod.status)) return null;
      } else if (pod !== null && reached.includes(pod.status)) {
        return pod;
      }
      throw error;
    }
  }

  async start(id: string, options?: RequestOptions): Promise<RunpodPod> {
    return this.#expectPod(id, await this.action(id, 'start', options), options);
  }

  async stop(id: string, options?: RequestOptions): Promise<RunpodPod> {
    return this.#expectPod(id, await this.action(id, 'stop', options), options);
  }

  async restart(id: string, options?: RequestOptions): Promise<RunpodPod> {
    return this.#expectPod(id, await this.action(id, 'restart', options), options);
  }

  async terminate(id: string, options?: RequestOptions): Promise<void> {
    await this.action(id, 'terminate', options);
  }

  /**
   * `DELETE /v2/pods/{id}` (terminates the pod). Any 2xx is success. A 404 after an ambiguous
   * failure of the same call means the earlier attempt deleted it, and is success too.
   */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    const tracker = ambiguityTracker();
    try {
      await this.#transport.rest({
        method: 'DELETE',
        template: '/pods/{id}',
        params: { id },
        options,
        allowEmpty: true,
        onAttempt: tracker.onAttempt,
        parse: () => undefined,
      });
    } catch (error) {
      if (tracker.ambiguousEarlier && error instanceof NotFoundError) return;
      throw error;
    }
  }

  async #getOrNull(id: string, options?: RequestOptions): Promise<RunpodPod | null> {
    try {
      return await this.get(id, options);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** start/stop/restart answer 200 with the pod; some RunPod versions answer with no body (NOTES §1.5). */
  async #expectPod(id: string, pod: RunpodPod | null, options?: RequestOptions): Promise<RunpodPod> {
    return pod ?? this.get(id, options);
  }
}
