import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventView, AuditKind } from '@podwatch/shared';

export const AUDIT_KINDS: AuditKind[] = [
  'decision',
  'runpod_call',
  'confirmation',
  'flush',
  'warning',
  'orphan',
  'alert',
  'extend',
  'action',
];
export const AUDIT_OUTCOMES: AuditEventView['outcome'][] = ['ok', 'failed', 'skipped'];

/** One audited step: a prune run's steps, and the `audit` entries of an instance's timeline. */
export class AuditEventDto implements AuditEventView {
  @ApiProperty({ example: '1041' })
  id: string;

  @ApiProperty({ example: '2026-11-22T12:05:01.300Z' })
  occurredAt: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The prune run it belongs to (null for a step outside prune, e.g. an extend)',
    example: '8784362c-3f67-4f72-9d7f-2bc467138508',
  })
  pruneRunId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'notebook' })
  instance: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'n2b5d8f1g4k7mc' })
  podId: string | null;

  @ApiProperty({
    enum: AUDIT_KINDS,
    description:
      '`decision` to act (or why not), `runpod_call` sent, `confirmation` of the stop, `flush` of live stats, ' +
      '`warning` before a kill, `orphan` pod, `alert`, `extend` of a countdown, `action` by hand',
    example: 'runpod_call',
  })
  kind: AuditKind;

  @ApiProperty({ enum: AUDIT_OUTCOMES, example: 'ok' })
  outcome: 'ok' | 'failed' | 'skipped';

  @ApiProperty({ type: String, nullable: true, example: 'stop sent' })
  reason: string | null;

  @ApiProperty({
    description:
      '`system` (scheduled work), or who asked: `api`, `cli`, `web`, `mcp` (from `X-Podwatch-Client`)',
    example: 'system',
  })
  actor: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Depends on `kind`',
    example: { action: 'stop' },
  })
  detail: Record<string, unknown>;
}
