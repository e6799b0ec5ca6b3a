import { ApiProperty } from '@nestjs/swagger';
import type {
  AuditEventView,
  PruneAction,
  PruneDecision,
  PruneDecisionCode,
  PruneRunSummary,
  PruneRunView,
} from '@podwatch/shared';
import { AuditEventDto } from '../../audit/dto/audit-event.dto.js';

const ACTIONS: PruneAction[] = ['stop', 'terminate', 'scaleToZero', 'confirm', 'none'];
const CODES: PruneDecisionCode[] = [
  'due',
  'resume',
  'already-stopped',
  'counting',
  'active',
  'protected',
  'stale',
  'no-pod',
  'flushed',
  'disabled',
];
const RESULTS: PruneDecision['result'][] = [
  'planned',
  'sent',
  'confirming',
  'flushed',
  'confirmation-failed',
  'flush-skipped',
  'failed',
  'none',
];
/** The Swagger example: a scheduled run that stopped an idle notebook and left a busy trainer alone. */
const DECISIONS_EXAMPLE: PruneDecision[] = [
  {
    instance: 'notebook',
    podId: 'n2b5d8f1g4k7mc',
    action: 'stop',
    code: 'due',
    reason: 'stop sent; confirming on the next ticks',
    killAt: '2026-11-22T12:05:00.000Z',
    timeUntilKill: 0,
    result: 'sent',
  },
  {
    instance: 'trainer',
    podId: 'h7x2k9q4m3p8za',
    action: 'none',
    code: 'counting',
    reason: '01:59:45 left (kill at 2026-11-22T14:04:45.000Z)',
    killAt: '2026-11-22T14:04:45.000Z',
    timeUntilKill: 7185,
    result: 'none',
  },
];

const step = (
  id: string,
  occurredAt: string,
  kind: AuditEventView['kind'],
  reason: string,
  detail: Record<string, unknown> = {},
): AuditEventView => ({
  id,
  occurredAt,
  pruneRunId: '8784362c-3f67-4f72-9d7f-2bc467138508',
  instance: 'notebook',
  podId: 'n2b5d8f1g4k7mc',
  kind,
  outcome: 'ok',
  reason,
  actor: 'system',
  detail,
});

const STEPS_EXAMPLE: AuditEventView[] = [
  step(
    '1040',
    '2026-11-22T12:05:00.120Z',
    'decision',
    'idle since 2026-11-22T11:45:00.000Z (window 1200s), countdown at zero',
    { action: 'stop', code: 'due', dryRun: false },
  ),
  step('1041', '2026-11-22T12:05:01.300Z', 'runpod_call', DECISIONS_EXAMPLE[0]!.reason, {
    action: 'stop',
    resent: false,
    sends: 1,
  }),
];

const TRIGGERS: PruneRunView['trigger'][] = ['schedule', 'api', 'cli', 'web', 'mcp'];
const STATUSES: PruneRunView['status'][] = ['running', 'succeeded', 'failed', 'interrupted'];

/** What prune decided for one instance, and why. */
export class PruneDecisionDto implements PruneDecision {
  @ApiProperty({ example: 'notebook' })
  instance: string;

  @ApiProperty({ type: String, nullable: true, example: 'n2b5d8f1g4k7mc' })
  podId: string | null;

  @ApiProperty({
    enum: ACTIONS,
    description: 'What the instance’s `onIdle` asks for once it is due; `none` when it is not',
    example: 'stop',
  })
  action: PruneAction;

  @ApiProperty({
    enum: CODES,
    description:
      '`due`: countdown at zero, fresh data, no activity: act. `resume`: an open stop intent: observe RunPod and advance it. ' +
      '`already-stopped`: confirm and flush. `counting`, `active`, `protected`, `stale` (no fresh data: fail ' +
      'closed), `no-pod`, `flushed`, `disabled`: nothing to do',
    example: 'due',
  })
  code: PruneDecisionCode;

  @ApiProperty({ example: 'idle since 2026-11-22T11:45:00.000Z (20 min, window 1200s)' })
  reason: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:05:00.000Z' })
  killAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Seconds left when it decided', example: 0 })
  timeUntilKill: number | null;

  @ApiProperty({
    enum: RESULTS,
    description:
      'How this tick left it: `planned` (dry run), `sent` (RunPod accepted the stop; a later tick ' +
      'confirms it), `confirming` (an open stop not done yet), `flushed` (confirmed EXITED at $0/h or ' +
      'gone, live stats cleared), `confirmation-failed` (past confirmTimeout: alerted, still ' +
      'reconciled), `flush-skipped`, `failed` (sent again next tick), or `none` (nothing to do)',
    example: 'flushed',
  })
  result: PruneDecision['result'];
}

export class PruneRunSummaryDto implements PruneRunSummary {
  @ApiProperty({ description: 'Instances considered', example: 2 })
  instances: number;

  @ApiProperty({ description: 'Instances whose countdown was at zero with nothing holding them', example: 1 })
  due: number;

  @ApiProperty({ example: 1 })
  stopped: number;

  @ApiProperty({ example: 0 })
  terminated: number;

  @ApiProperty({ description: 'Serverless endpoints set to 0 minimum workers', example: 0 })
  scaledToZero: number;

  @ApiProperty({ description: 'Instances whose live stats were cleared after a confirmed stop', example: 1 })
  flushed: number;

  @ApiProperty({ description: 'Stops RunPod did not confirm in time (raises an alert)', example: 0 })
  confirmationFailures: number;

  @ApiProperty({ description: 'Due at zero but held back (stale data, protected, activity)', example: 0 })
  skipped: number;

  @ApiProperty({ description: 'Pre-kill warnings sent', example: 0 })
  warnings: number;

  @ApiProperty({ description: 'Orphan pods reported or terminated', example: 0 })
  orphans: number;
}

export class PruneRunDto implements PruneRunView {
  @ApiProperty({ example: '8784362c-3f67-4f72-9d7f-2bc467138508' })
  id: string;

  @ApiProperty({ enum: TRIGGERS, example: 'schedule' })
  trigger: PruneRunView['trigger'];

  @ApiProperty({ description: 'Decided and reported, changed nothing', example: false })
  dryRun: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The one instance it ran for; null: every instance',
    example: null,
  })
  instanceFilter: string | null;

  @ApiProperty({
    enum: STATUSES,
    description: '`interrupted`: cut short (a crash or restart) and closed by the next run',
    example: 'succeeded',
  })
  status: PruneRunView['status'];

  @ApiProperty({ example: '2026-11-22T12:05:00.000Z' })
  startedAt: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:05:04.000Z' })
  finishedAt: string | null;

  @ApiProperty({ type: () => PruneRunSummaryDto })
  summary: PruneRunSummary;

  @ApiProperty({
    type: () => PruneDecisionDto,
    isArray: true,
    description: 'One per instance considered',
    example: DECISIONS_EXAMPLE,
  })
  decisions: PruneDecision[];

  @ApiProperty({
    type: () => AuditEventDto,
    isArray: true,
    description: 'Every audited step, in order; empty in lists (GET /prune-runs/{id} has them)',
    example: STEPS_EXAMPLE,
  })
  steps: AuditEventView[];
}
