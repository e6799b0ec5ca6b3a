import { ApiExtraModels, ApiProperty, getSchemaPath, IntersectionType } from '@nestjs/swagger';
import type { ActivitySignal, InstanceTimeline, TimelineEntry } from '@podwatch/shared';
import { AuditEventDto } from '../../audit/dto/audit-event.dto.js';
import { ACTIVITY_SIGNALS, ACTIVITY_SIGNALS_DESCRIPTION } from './instance-snapshot.dto.js';

type ActivityEntry = Extract<TimelineEntry, { type: 'activity' }>;
type AuditEntry = Extract<TimelineEntry, { type: 'audit' }>;

/** A timeline entry for an activity signal (something reset the countdown). */
export class TimelineActivityEntryDto implements ActivityEntry {
  @ApiProperty({ enum: ['activity'], description: 'Discriminator', example: 'activity' })
  type: 'activity';

  @ApiProperty({ example: '2026-11-22T11:45:00.000Z' })
  at: string;

  @ApiProperty({ enum: ACTIVITY_SIGNALS, description: ACTIVITY_SIGNALS_DESCRIPTION, example: 'gpu' })
  signal: ActivitySignal;

  @ApiProperty({ type: String, nullable: true, example: 'GPU 0 at 64% (threshold 10%)' })
  detail: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'n2b5d8f1g4k7mc' })
  podId: string | null;
}

class TimelineAuditHeadDto {
  @ApiProperty({ enum: ['audit'], description: 'Discriminator', example: 'audit' })
  type: 'audit';

  @ApiProperty({ description: 'Same as `occurredAt`', example: '2026-11-22T12:05:01.300Z' })
  at: string;
}

/**
 * A timeline entry for an audited step: `type` and `at`, then every field of an audit event
 * (composed rather than extended so that Swagger lists the discriminator first).
 */
export class TimelineAuditEntryDto
  extends IntersectionType(TimelineAuditHeadDto, AuditEventDto)
  implements AuditEntry {}

/** The Swagger example: a GPU burst after an extend, then the prune run that stopped the idle pod. */
const ENTRIES_EXAMPLE: TimelineEntry[] = [
  {
    type: 'audit',
    at: '2026-11-22T12:05:01.300Z',
    id: '1041',
    occurredAt: '2026-11-22T12:05:01.300Z',
    pruneRunId: '8784362c-3f67-4f72-9d7f-2bc467138508',
    instance: 'notebook',
    podId: 'n2b5d8f1g4k7mc',
    kind: 'runpod_call',
    outcome: 'ok',
    reason: 'stop sent',
    actor: 'system',
    detail: { action: 'stop' },
  },
  {
    type: 'activity',
    at: '2026-11-22T11:45:00.000Z',
    signal: 'gpu',
    detail: 'GPU 0 at 64% (threshold 10%)',
    podId: 'n2b5d8f1g4k7mc',
  },
  {
    type: 'activity',
    at: '2026-11-22T11:20:00.000Z',
    signal: 'extend',
    detail: '+600s by web',
    podId: 'n2b5d8f1g4k7mc',
  },
  {
    type: 'audit',
    at: '2026-11-22T11:20:00.000Z',
    id: '1037',
    occurredAt: '2026-11-22T11:20:00.000Z',
    pruneRunId: null,
    instance: 'notebook',
    podId: 'n2b5d8f1g4k7mc',
    kind: 'extend',
    outcome: 'ok',
    reason: 'countdown extended by 600s',
    actor: 'web',
    detail: { seconds: 600, killAt: '2026-11-22T11:35:00.000Z', previousKillAt: '2026-11-22T11:25:00.000Z' },
  },
];

@ApiExtraModels(TimelineActivityEntryDto, TimelineAuditEntryDto)
export class InstanceTimelineDto implements InstanceTimeline {
  @ApiProperty({ example: 'notebook' })
  instance: string;

  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [
        { $ref: getSchemaPath(TimelineActivityEntryDto) },
        { $ref: getSchemaPath(TimelineAuditEntryDto) },
      ],
      discriminator: {
        propertyName: 'type',
        mapping: {
          activity: getSchemaPath(TimelineActivityEntryDto),
          audit: getSchemaPath(TimelineAuditEntryDto),
        },
      },
    },
    description:
      'Newest first. `type: activity`: an activity signal (TimelineActivityEntryDto); `type: audit`: an audited ' +
      'step (TimelineAuditEntryDto: decision, action, confirmation, flush, …)',
    example: ENTRIES_EXAMPLE,
  })
  entries: TimelineEntry[];
}
