import type { AgentSessionView, ServerlessEndpointView, WorkerCounts } from '@podwatch/shared';
import type { AgentSession, ServerlessEndpoint } from '../generated/prisma/client.js';

/** An agent is active while its last heartbeat is under two minutes old. */
export const AGENT_ACTIVE_SECONDS = 120;

const EMPTY_WORKERS: WorkerCounts = {
  running: 0,
  idle: 0,
  initializing: 0,
  throttled: 0,
  unhealthy: 0,
  total: 0,
};

export function toServerlessView(
  endpoint: ServerlessEndpoint,
  instance: string | null,
): ServerlessEndpointView {
  return {
    id: endpoint.id,
    name: endpoint.name,
    instance,
    workersMin: endpoint.workersMin,
    workersMax: endpoint.workersMax,
    workers: { ...EMPTY_WORKERS, ...(endpoint.workers as Partial<WorkerCounts>) },
    lastSeenAt: endpoint.lastSeenAt.toISOString(),
  };
}

export function toAgentView(session: AgentSession, instance: string | null, now: Date): AgentSessionView {
  return {
    podId: session.podId,
    instance,
    agent: session.agent,
    status: session.status as AgentSessionView['status'],
    currentTask: session.currentTask,
    startedAt: session.startedAt.toISOString(),
    lastHeartbeat: session.lastHeartbeat.toISOString(),
    active: now.getTime() - session.lastHeartbeat.getTime() < AGENT_ACTIVE_SECONDS * 1000,
  };
}
