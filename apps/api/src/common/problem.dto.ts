/**
 * The problem+json body (RFC 9457) every error leaves the API as, for Swagger: `ProblemDto`, and
 * `problemResponse()` to declare one on a route with an example of that route's own answer.
 */
import {
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  type ApiResponseNoStatusOptions,
} from '@nestjs/swagger';
import type { ProblemDocument } from '@podwatch/shared';
import { type FieldProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

export class FieldProblemDto implements FieldProblem {
  @ApiProperty({ description: 'Dotted path of the field at fault', example: 'duration' })
  field: string;

  @ApiProperty({ example: 'duration must be a duration such as 30m, 2h or 90s' })
  message: string;
}

export class ProblemDto implements ProblemDocument {
  @ApiProperty({
    description: 'Always `about:blank`: `status` and `title` say it all',
    example: 'about:blank',
  })
  type: string;

  @ApiProperty({ description: 'The HTTP status’s name', example: 'Not Found' })
  title: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiPropertyOptional({
    description: 'What went wrong, for a person',
    example: 'No instance named "nope". GET /api/v1/instances lists them.',
  })
  detail?: string;

  @ApiPropertyOptional({ description: 'The request path', example: '/api/v1/instances/nope' })
  instance?: string;

  @ApiPropertyOptional({
    type: () => FieldProblemDto,
    isArray: true,
    description: 'Validation errors (400): one per field and broken rule',
  })
  errors?: FieldProblem[];
}

/**
 * A problem+json response with an example, for `@ApiNotFoundResponse(problemResponse(…))` and its
 * siblings. The controller lists `ProblemDto` in `@ApiExtraModels` (the `$ref` needs it).
 */
export function problemResponse(description: string, example: ProblemDocument): ApiResponseNoStatusOptions {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) }, example } },
  };
}

/** The 401 every route can answer: mutations always need a token, reads once PODWATCH_READ_TOKEN is set. */
export function unauthorizedResponse(path: string, read = false): ApiResponseNoStatusOptions {
  return problemResponse(
    read
      ? 'Only when PODWATCH_READ_TOKEN is set: no bearer token, or one that is not valid'
      : 'No bearer token, or one that is not valid',
    {
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'This request needs an Authorization: Bearer <token> header.',
      instance: path,
    },
  );
}

/** The 403 of a mutation called with the read token. */
export function forbiddenResponse(path: string): ApiResponseNoStatusOptions {
  return problemResponse('The token is valid but does not open this route (the read token on a mutation)', {
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
    detail: 'This action needs the admin token; the read token only allows reads.',
    instance: path,
  });
}
