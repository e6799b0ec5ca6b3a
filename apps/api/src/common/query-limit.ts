import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from './optional.js';

/** An optional `limit` query parameter: a whole number from 1 to `max`, `fallback` when absent. */
export const QueryLimit = (fallback: number, max: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({
      ...(description === undefined ? {} : { description }),
      default: fallback,
      minimum: 1,
      maximum: max,
    }),
    Optional(),
    Type(() => Number),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1),
    Max(max),
  );
