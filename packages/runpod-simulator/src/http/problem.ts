import { type FastifyReply } from 'fastify';

/** RFC 9457 problem details, the spec's `ErrorResponse`. */

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

export interface Problem {
  title: string;
  status: number;
  detail: string;
  errors?: string[];
}

function problemBody(status: number, detail: string, errors?: string[]): Problem {
  return { title: statusTitle(status), status, detail, ...(errors && errors.length > 0 ? { errors } : {}) };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail: string,
  errors?: string[],
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problemBody(status, detail, errors));
}

/** 422 with `errors[]`: the body or parameters do not match the contract. */
export function sendValidation(reply: FastifyReply, errors: string[]): FastifyReply {
  return sendProblem(reply, 422, 'Request validation failed.', errors);
}
