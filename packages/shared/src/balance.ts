/**
 * The account balance once RunPod's GraphQL (the only source of `clientBalance`) is gone: the last
 * balance known for certain, minus what RunPod has billed since (REST billing, hourly buckets),
 * minus the live burn since the last billed bucket. Always labelled estimated.
 */
import { roundMoney } from './costs.js';
import { type TimeInput, toTime } from './countdown.js';

/** A balance known for certain at one moment: read from GraphQL, or set by the operator. */
export interface KnownBalance {
  amount: number;
  at: TimeInput;
  source: 'runpod' | 'operator' | 'config';
}

/** One billing bucket: what RunPod billed the account over `[time, time + bucketSeconds)`. */
export interface BilledBucket {
  time: TimeInput;
  amount: number;
  /** For the hour still in progress when it was fetched: billing covers it only up to here. */
  until?: TimeInput;
}

export interface BalanceEstimate {
  amount: number;
  basis: 'estimated';
  /** The balance it starts from. */
  known: { amount: number; at: string; source: KnownBalance['source'] };
  /** Billed since then (the part of a bucket before `known.at` left out pro rata). */
  billedSince: number;
  /** Burn since the end of the last billed bucket (or since `known.at`), at the current rate. */
  liveBurn: number;
  /** Where billing stops and the live burn takes over. */
  billedUntil: string;
}

/**
 * `known.amount − billed since known.at − burnPerHour × (now − end of the last bucket)`. A bucket
 * that began before `known.at` counts only for its part after it (costs accrue evenly within an
 * hour as far as anyone can tell); buckets are assumed contiguous from the first one counted.
 */
export function estimateBalance(input: {
  known: KnownBalance;
  buckets: readonly BilledBucket[];
  bucketSeconds?: number;
  burnPerHour: number;
  now: TimeInput;
}): BalanceEstimate {
  const bucketMs = (input.bucketSeconds ?? 3600) * 1000;
  const knownAt = toTime(input.known.at);
  const now = toTime(input.now);
  if (knownAt === null || now === null) throw new RangeError('known.at and now must be readable times');
  let billed = 0;
  let billedUntil = knownAt;
  for (const bucket of input.buckets) {
    const start = toTime(bucket.time);
    if (start === null) continue;
    const end = Math.min(
      start + bucketMs,
      (bucket.until === undefined ? null : toTime(bucket.until)) ?? Infinity,
      now,
    );
    if (end <= knownAt || end <= start) continue;
    const share = start >= knownAt ? 1 : (end - knownAt) / (end - start);
    billed += bucket.amount * share;
    billedUntil = Math.max(billedUntil, end);
  }
  const liveHours = Math.max(0, now - billedUntil) / 3_600_000;
  const liveBurn = Math.max(0, input.burnPerHour) * liveHours;
  return {
    amount: roundMoney(input.known.amount - billed - liveBurn),
    basis: 'estimated',
    known: { amount: input.known.amount, at: new Date(knownAt).toISOString(), source: input.known.source },
    billedSince: roundMoney(billed, 4),
    liveBurn: roundMoney(liveBurn, 4),
    billedUntil: new Date(billedUntil).toISOString(),
  };
}
