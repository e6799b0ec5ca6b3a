import { type FastifyInstance } from 'fastify';
import { endpointHealth } from '../serverless.js';
import { type SimContext } from './context.js';
import { sendProblem } from './problem.js';

/** Serverless `GET /serverless/v2/{endpointId}/health` (api.runpod.ai's `/v2/{id}/health`). */
export function registerHealthRoute(app: FastifyInstance, ctx: SimContext): void {
  app.get<{ Params: { id: string } }>(
    '/serverless/v2/:id/health',
    { config: { api: 'health' } },
    (request, reply) => {
      const t = ctx.world.now();
      const ep = ctx.world.findEndpoint(request.params.id, t);
      if (!ep) return sendProblem(reply, 404, `endpoint ${request.params.id} not found`);
      return endpointHealth(ep, t);
    },
  );
}
