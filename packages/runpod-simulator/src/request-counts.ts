import { type RequestCounts } from './types.js';

/** Counts RunPod-path requests, per route template and per GraphQL operation and root field. */
export class RequestCounter {
  private total = 0;
  private readonly routes = new Map<string, number>();
  private readonly operations = new Map<string, number>();
  private readonly fields = new Map<string, number>();

  record(routeKey: string): void {
    this.total++;
    bump(this.routes, routeKey);
  }

  recordGraphql(operation: string, fields: readonly string[]): void {
    bump(this.operations, operation);
    for (const field of fields) bump(this.fields, field);
  }

  snapshot(): RequestCounts {
    return {
      total: this.total,
      routes: Object.fromEntries(this.routes),
      graphql: { operations: Object.fromEntries(this.operations), fields: Object.fromEntries(this.fields) },
    };
  }

  reset(): void {
    this.total = 0;
    this.routes.clear();
    this.operations.clear();
    this.fields.clear();
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
