import { ApiProperty } from '@nestjs/swagger';
import { parseDuration } from '@podwatch/shared';
import { IsString, MaxLength, registerDecorator, type ValidationOptions } from 'class-validator';
import { Optional } from '../../common/optional.js';

/** A duration such as `30m`, `2h` or `90s`, at most 7 days. */
export function IsDuration(options?: ValidationOptions & { maxSeconds?: number }) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a duration such as 30m, 2h or 90s`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          const seconds = parseDuration(value);
          return seconds !== null && seconds <= (options?.maxSeconds ?? 7 * 86_400);
        },
      },
    });
  };
}

export class ExtendDto {
  @ApiProperty({ description: 'How much later the pod may be stopped: s, m, h (at most 7d)', example: '30m' })
  @IsString()
  @IsDuration()
  duration: string;
}

export class ActivityDto {
  @ApiProperty({
    description: 'What the app is doing, shown in the activity timeline',
    required: false,
    example: 'rendered 12 pages',
  })
  @Optional()
  @IsString()
  @MaxLength(500)
  detail?: string;
}
