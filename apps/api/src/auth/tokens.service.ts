import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';

export type TokenRole = 'admin' | 'read' | 'agent';

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Compares in constant time whatever the lengths (both sides are hashed first). */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

@Injectable()
export class TokensService implements OnModuleInit {
  private readonly logger = new Logger(TokensService.name);
  private adminToken = '';
  /** Where the admin token came from, for the start-up message. */
  adminTokenSource: 'env' | 'file' | 'generated' = 'env';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get adminTokenPath(): string {
    return join(this.config.stateDir, 'admin-token');
  }

  async onModuleInit(): Promise<void> {
    if (this.config.auth.adminToken) {
      this.adminToken = this.config.auth.adminToken;
      this.adminTokenSource = 'env';
      return;
    }
    const stored = await readFile(this.adminTokenPath, 'utf8').then(
      (text) => text.trim(),
      () => '',
    );
    if (stored) {
      this.adminToken = stored;
      this.adminTokenSource = 'file';
      return;
    }
    this.adminToken = randomBytes(32).toString('base64url');
    await mkdir(this.config.stateDir, { recursive: true });
    await writeFile(this.adminTokenPath, `${this.adminToken}\n`, { mode: 0o600 });
    await chmod(this.adminTokenPath, 0o600);
    this.adminTokenSource = 'generated';
    this.logger.log(`Generated an admin token in ${this.adminTokenPath} (mode 600)`);
  }

  /** The role a bearer token grants, or `null` when it matches no token. */
  roleOf(token: string | undefined): TokenRole | null {
    if (!token) return null;
    if (tokensMatch(token, this.adminToken)) return 'admin';
    if (this.config.auth.readToken && tokensMatch(token, this.config.auth.readToken)) return 'read';
    if (this.config.auth.agentToken && tokensMatch(token, this.config.auth.agentToken)) return 'agent';
    return null;
  }

  get readsAreOpen(): boolean {
    return this.config.auth.readToken === undefined;
  }
}
