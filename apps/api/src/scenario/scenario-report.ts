/** How a scenario run is shown: a progress line for a terminal, the scorecard as a table. */
import { formatDuration } from '@podwatch/shared';
import type { Scenario } from './scenario-file.js';
import type { Scorecard } from './scorecard.js';

/** The figures that must be zero for a run to pass. */
export const MUST_BE_ZERO = ['wrongKills', 'missedStops', 'flushesBeforeConfirmation'] as const;

export function scorecardPasses(card: Scorecard): boolean {
  return MUST_BE_ZERO.every((key) => card[key] === 0);
}

/** `2026-01-05 14:00 [████████░░░░░░░░] 52% 5241/10080` */
export function progressLine(done: number, total: number, at: Date, width = 30): string {
  const filled = Math.round((done / total) * width);
  const when = at.toISOString().slice(0, 16).replace('T', ' ');
  return `${when} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total}`;
}

export function describeScenario(scenario: Scenario, seed: number): string {
  const steps = Math.ceil(scenario.durationSeconds / scenario.stepSeconds);
  return `${scenario.file}: ${scenario.pods.length} pods, ${scenario.endpoints.length} endpoints, ${formatDuration(scenario.durationSeconds)} in ${steps} steps of ${formatDuration(scenario.stepSeconds)}, seed ${seed}`;
}

const money = (value: number) => `$${value.toFixed(2)}`;

export function scorecardTable(card: Scorecard): string {
  const rows: [string, string][] = [
    ['wrongKills', String(card.wrongKills)],
    ['missedStops', String(card.missedStops)],
    ['flushesBeforeConfirmation', String(card.flushesBeforeConfirmation)],
    ['unconfirmedStops', String(card.unconfirmedStops)],
    ['stops', String(card.stops)],
    ['lateSecondsP95', String(card.lateSecondsP95)],
    ['lateSecondsMax', String(card.lateSecondsMax)],
    ['idleDollars', money(card.idleDollars)],
    ['optimumIdleDollars', money(card.optimumIdleDollars)],
    ['idleRatio', card.idleRatio === null ? '-' : card.idleRatio.toFixed(2)],
    ['runpodRequests', String(card.runpodRequests)],
    ['runpodRequestsPerStep', card.runpodRequestsPerStep.toFixed(2)],
    ['alertsFired', String(card.alertsFired)],
    ['steps', String(card.steps)],
    ['wallSeconds', card.wallSeconds.toFixed(1)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
  const verdict = scorecardPasses(card)
    ? 'PASS: no wrong kill, no missed stop, no flush before confirmation'
    : `FAIL: ${MUST_BE_ZERO.filter((key) => card[key] > 0).join(', ')} above 0`;
  return [...lines, '', verdict, ...card.findings.slice(0, 20).map((f) => `  ${f}`)].join('\n');
}
