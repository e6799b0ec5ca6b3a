import { formatMoney as formatUsd } from '@podwatch/shared';

/** USD as everywhere in Podwatch (`$1,274.40`, sub-cent `$0.0042`); `—` when unknown. */
export function formatMoney(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '—';
  return formatUsd(usd);
}

/** A rate: `$2.69/h`. */
export function formatRate(usdPerHour: number | null | undefined): string {
  if (usdPerHour === null || usdPerHour === undefined || !Number.isFinite(usdPerHour)) return '—';
  return `${formatMoney(usdPerHour)}/h`;
}
