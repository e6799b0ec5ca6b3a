import { type FastifyInstance } from 'fastify';
import { type SimContext } from './context.js';
import { requestState } from './pipeline.js';

/** What a retired GraphQL API answers (RunPod retired REST v1 the same way). */
export const GRAPHQL_GONE_MESSAGE = 'The GraphQL API has been retired. Use REST v2: https://api.runpod.io/v2';

/**
 * GraphQL at `POST /graphql`. Client errors (syntax, validation, resolver) answer HTTP 200 with
 * `errors[]`, as RunPod does; only a request that is not GraphQL at all gets 400. Once retired
 * (`graphql: 'gone'`) every request gets 410 Gone; it is still counted.
 */
export function registerGraphqlRoute(app: FastifyInstance, ctx: SimContext): void {
  app.post('/graphql', { config: { api: 'graphql' } }, async (request, reply) => {
    if (ctx.world.graphql === 'gone') {
      return reply
        .code(410)
        .type('application/json')
        .send({ errors: [{ message: GRAPHQL_GONE_MESSAGE, extensions: { code: 'GONE' } }] });
    }
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
