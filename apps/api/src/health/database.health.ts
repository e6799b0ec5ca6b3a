import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PrismaService } from '../prisma/prisma.service.js';
import { errorMessage } from '../common/errors.js';

const TIMEOUT_MS = 3_000;

/** The last meaningful line of a Prisma error (its messages start with a call-site banner). */
function conciseMessage(error: unknown): string {
  const text = errorMessage(error);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? 'unknown error';
  return /Message: `(.*)`/.exec(last)?.[1] ?? last;
}

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
  ) {}

  async check(key = 'database') {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    try {
      await Promise.race([
        this.prisma.$queryRaw`select 1`,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
        ),
      ]);
      return indicator.up({ responseTimeMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: conciseMessage(error) });
    }
  }
}
