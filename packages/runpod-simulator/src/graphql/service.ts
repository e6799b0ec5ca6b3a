import {
  buildSchema,
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  validate,
} from 'graphql';
import { type World } from '../world.js';
import { rootValue } from './resolvers.js';
import { RUNPOD_SDL } from './sdl.js';

/**
 * Parses, validates and executes GraphQL requests. Parsed and validated documents are cached by
 * query text: pollers send the same query every cycle.
 */

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

export interface PreparedRequest {
  request: GraphqlRequest;
  document: DocumentNode | null;
  /** Syntax or validation errors: the request is answered without executing. */
  errors: GraphQLFormattedError[];
  /** Operation name (`(anonymous)` when unnamed) and root fields, for counting and faults. */
  operation: string;
  fields: string[];
}

interface CachedDocument {
  /** Null when the query does not parse. */
  parsed: DocumentNode | null;
  /** Null unless the query is valid: only valid documents execute. */
  document: DocumentNode | null;
  errors: GraphQLFormattedError[];
}

const CACHE_LIMIT = 500;

function withCode(error: GraphQLError, code: string): GraphQLFormattedError {
  const formatted = error.toJSON();
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode, depth = 0): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      names.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      names.push(...rootFieldNames(selection.selectionSet, document, depth + 1));
    } else if (depth < 5) {
      const fragment = document.definitions.find(
        (definition) =>
          definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) {
        names.push(...rootFieldNames(fragment.selectionSet, document, depth + 1));
      }
    }
  }
  return names;
}

export class GraphqlService {
  private readonly schema = buildSchema(RUNPOD_SDL);
  private readonly cache = new Map<string, CachedDocument>();

  constructor(private readonly world: World) {}

  /** Reads `{query, variables, operationName}`; null when the body is not a GraphQL request. */
  static readRequest(body: unknown): GraphqlRequest | null {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const { query, variables, operationName } = body as Record<string, unknown>;
    if (typeof query !== 'string' || query.trim() === '') return null;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    ) {
      return null;
    }
    return {
      query,
      variables: (variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: typeof operationName === 'string' && operationName !== '' ? operationName : undefined,
    };
  }

  prepare(request: GraphqlRequest): PreparedRequest {
    let cached = this.cache.get(request.query);
    if (!cached) {
      cached = this.compile(request.query);
      if (this.cache.size >= CACHE_LIMIT) {
        const oldest = this.cache.keys().next();
        if (!oldest.done) this.cache.delete(oldest.value);
      }
      this.cache.set(request.query, cached);
    }
    const operations = (cached.parsed?.definitions ?? []).filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const operation = request.operationName
      ? operations.find((op) => op.name?.value === request.operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    return {
      request,
      document: cached.document,
      errors: cached.errors,
      operation: operation?.name?.value ?? (operation ? '(anonymous)' : '(unknown)'),
      fields: operation && cached.parsed ? rootFieldNames(operation.selectionSet, cached.parsed) : [],
    };
  }

  private compile(query: string): CachedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return {
        parsed: null,
        document: null,
        errors: [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')],
      };
    }
    const errors = validate(this.schema, document);
    if (errors.length > 0) {
      return {
        parsed: document,
        document: null,
        errors: errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')),
      };
    }
    return { parsed: document, document, errors: [] };
  }

  /** Executes a prepared, valid request at the simulator's current instant. */
  async execute(prepared: PreparedRequest): Promise<{ data?: unknown; errors?: GraphQLFormattedError[] }> {
    if (!prepared.document) return { errors: prepared.errors };
    const result = await execute({
      schema: this.schema,
      document: prepared.document,
      rootValue,
      contextValue: { world: this.world, t: this.world.now() },
      variableValues: prepared.request.variables,
      operationName: prepared.request.operationName,
    });
    const errors = result.errors?.map((error) => {
      const formatted = error.toJSON();
      // Variable and argument errors come from the request, resolver errors carry RUNPOD already.
      return formatted.extensions?.code
        ? formatted
        : { ...formatted, extensions: { ...formatted.extensions, code: 'RUNPOD' } };
    });
    return { ...(errors ? { errors } : {}), ...(result.data !== undefined ? { data: result.data } : {}) };
  }
}
