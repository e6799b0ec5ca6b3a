import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsOptional, ValidateIf } from 'class-validator';

/**
 * An optional DTO field. class-validator's `IsOptional` skips the checks for `null` as well as
 * for a missing value, so `{"dryRun": null}` would pass as if absent (and a `null` name reach the
 * database). Here only a missing value skips them; `null` is refused unless the field says
 * `nullable`. Every DTO uses this instead of `IsOptional` (lint enforces it).
 */
export const Optional = (options: { nullable?: boolean } = {}) =>
  options.nullable
    ? IsOptional()
    : applyDecorators(
        ValidateIf((_object: object, value: unknown) => value !== undefined),
        IsDefined({ message: '$property must not be null: leave it out instead' }),
      );
