import { toTime, type TimeInput } from '@podwatch/shared';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** A coarse, readable span: `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`. */
export function formatSpan(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '—';
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)} min`;
  if (s < DAY) {
    const minutes = Math.floor((s % HOUR) / MINUTE);
    return minutes ? `${Math.floor(s / HOUR)} h ${minutes} min` : `${Math.floor(s / HOUR)} h`;
  }
  const hours = Math.floor((s % DAY) / HOUR);
  return hours ? `${Math.floor(s / DAY)} d ${hours} h` : `${Math.floor(s / DAY)} d`;
}

/** `just now`, `12 s ago`, `5 min ago`, `in 3 h`; `—` for an unknown time. */
export function formatRelative(at: TimeInput, now: number): string {
  const time = toTime(at);
  if (time === null) return '—';
  const seconds = Math.round((now - time) / 1000);
  if (Math.abs(seconds) < 5) return 'just now';
  const span = formatSpan(Math.abs(seconds)).replace(/ (\d+ \w+)$/, '');
  return seconds > 0 ? `${span} ago` : `in ${span}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Local wall-clock time, with the date when it is not today: `20:48:53`, `21 Nov 20:48`. */
export function formatClock(at: TimeInput, now: number = Date.now()): string {
  const time = toTime(at);
  if (time === null) return '—';
  const date = new Date(time);
  if (sameDay(date, new Date(now))) {
    return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Full local date and time, for tooltips: `22 Nov 2026, 20:48:53`. */
export function formatDateTime(at: TimeInput): string {
  const time = toTime(at);
  if (time === null) return '—';
  return new Date(time).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
