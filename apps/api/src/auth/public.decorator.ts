import { SetMetadata } from '@nestjs/common';

export const ACCESS_KEY = 'podwatch:access';

/**
 * Who may call a route: anyone, readers (open unless PODWATCH_READ_TOKEN is set), admins, or pod
 * agents (the admin token or PODWATCH_AGENT_TOKEN).
 */
export type Access = 'public' | 'read' | 'admin' | 'agent';

/** No token ever needed (health checks, API docs). */
export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);
/** Needs the admin token even for a read. Mutations need it by default. */
export const AdminOnly = () => SetMetadata(ACCESS_KEY, 'admin' satisfies Access);
/**
 * What an agent in a pod posts (reports, heartbeats): the admin token or the agent token. The agent
 * token opens nothing else, so a pod that holds it cannot stop pods or read the fleet.
 */
export const AgentAccess = () => SetMetadata(ACCESS_KEY, 'agent' satisfies Access);
