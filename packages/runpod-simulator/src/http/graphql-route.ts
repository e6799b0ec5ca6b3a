import { type FastifyInstance } from 'fastify';
import { type SimContext } from './context.js';
import { requestState } from './pipeline.js';

/**
 * GraphQL at `POST /graphql`. Client errors (syntax, validation, resolver) answer HTTP 200 with
 * `errors[]`, as RunPod does; only a request that is not GraphQL at all gets 400.
 */
export function registerGraphqlRoute(app: FastifyInstance, ctx: SimContext): void {
  app.post('/graphql', { config: { api: 'graphql' } }, async (request, reply) => {
    const prepared = requestState(request).graphql;
    if (!prepared) {
      return reply
        .code(400)
        .type('application/json')
        .send({
          errors: [
            {
              message:
                'Must provide a JSON body with a "query" string (and optional "variables", "operationName").',
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        });
    }
    const result = await ctx.graphql.execute(prepared);
    return reply.code(200).type('application/json').send(result);
  });
}
