/**
 * Every error leaves the API as RFC 9457 problem+json, naming the fields at fault.
 */
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { ConflictError, RunpodError } from '@podwatch/runpod-client';
import type { ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { isSpaNavigation, sendSpaIndex } from './spa.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldProblem {
  /** Dotted path of the field: `duration`, `create.gpuCount`, `query.points`. */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** An error that already knows its problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

export function problemTitle(status: number): string {
  const name = HttpStatus[status];
  if (typeof name !== 'string') return status >= 500 ? 'Internal Server Error' : 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ')
    .replace('Unprocessable Entity', 'Unprocessable Content');
}

/** 400 naming each field: `{ errors: [{ field, message }] }`. */
export function validationProblem(errors: FieldProblem[], status = 400): ProblemException {
  const fields = [...new Set(errors.map((e) => e.field))];
  return new ProblemException({
    type: 'about:blank',
    title: problemTitle(status),
    status,
    detail: `Invalid ${fields.join(', ')}: ${errors.map((e) => e.message).join('; ')}`,
    errors,
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** For the global ValidationPipe. */
export function validationExceptionFactory(errors: ValidationError[]): ProblemException {
  return validationProblem(flattenValidationErrors(errors));
}

interface ErrorWithStatus {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
}

function messageOf(body: object, fallback: string): string {
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : fallback;
}

export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  if (exception instanceof ProblemException)
    return { ...exception.problem, instance: exception.problem.instance ?? instance };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : messageOf(body, exception.message);
    return { type: 'about:blank', title: problemTitle(status), status, detail: message, instance };
  }
  if (exception instanceof ConflictError) {
    return {
      type: 'about:blank',
      title: problemTitle(409),
      status: 409,
      detail: `RunPod refused: ${exception.message}`,
      instance,
    };
  }
  if (exception instanceof RunpodError) {
    // RunPod's failure, not the caller's: 502, with RunPod's message (the client never puts the key in one).
    return {
      type: 'about:blank',
      title: problemTitle(502),
      status: 502,
      detail: `RunPod: ${exception.message}`,
      instance,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      type: 'about:blank',
      title: problemTitle(503),
      status: 503,
      detail: 'The database is unavailable; try again shortly (GET /health says when it is back).',
      instance,
    };
  }
  // Fastify's own errors (malformed JSON, body too large, unsupported media type) carry a 4xx statusCode.
  const candidate = (exception ?? {}) as ErrorWithStatus;
  const status = candidate.statusCode ?? candidate.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { type: 'about:blank', title: problemTitle(status), status, detail: candidate.message, instance };
  }
  return {
    type: 'about:blank',
    title: problemTitle(500),
    status: 500,
    detail: 'An unexpected error occurred; it has been logged.',
    instance,
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** @param serveSpa answer unknown browser navigations with the dashboard's index.html. */
  constructor(private readonly serveSpa = false) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (this.serveSpa && exception instanceof NotFoundException && isSpaNavigation(request)) {
      sendSpaIndex(reply);
      return;
    }
    const problem = toProblem(exception, request.url.split('?')[0]);
    if (problem.status >= 500) {
      this.logger.error(exception instanceof Error ? exception : String(exception));
    }
    sendProblem(reply, problem);
  }
}
