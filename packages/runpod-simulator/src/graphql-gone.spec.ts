import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type Problem, type RestPod, startHarness } from './testing/harness.js';

async function json<T>(response: Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

interface PodPage {
  pods: (RestPod & { cluster?: { id: string; rank: number } })[];
  nextCursor?: string;
}

describe('GraphQL retired, pod paging and cluster members', () => {
  let h: Harness;
  afterEach(() => h.close());

  it("answers every GraphQL request 410 with graphql: 'gone', and still counts it", async () => {
    h = await startHarness({ demo: true, graphql: 'gone' });
    const { status, body } = await h.graphql('query Q { myself { clientBalance } }');
    expect(status).toBe(410);
    expect(body.errors?.[0]?.extensions?.code).toBe('GONE');
    expect(h.sim.control.requestCounts().routes['POST /graphql']).toBe(1);
    // REST keeps working.
    expect((await h.rest('/pods')).status).toBe(200);
  });

  it('retires GraphQL mid-run through the control API, and brings it back', async () => {
    h = await startHarness({ demo: true });
    expect((await h.graphql('{ myself { clientBalance } }')).status).toBe(200);
    const put = await h.control('/graphql', { method: 'PUT', body: { state: 'gone' } });
    expect(await put.json()).toEqual({ state: 'gone' });
    expect((await h.graphql('{ myself { clientBalance } }')).status).toBe(410);
    expect(await (await h.control('/graphql')).json()).toEqual({ state: 'gone' });
    const bad = await h.control('/graphql', { method: 'PUT', body: { state: 'maybe' } });
    expect(bad.status).toBe(400);
    h.sim.control.reset();
    expect((await h.graphql('{ myself { clientBalance } }')).status).toBe(200);
  });

  it('pages GET /v2/pods by nextCursor with pageSize', async () => {
    h = await startHarness({ contract: 'record', pageSize: 2, pods: 5 });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await json<PodPage>(h.rest(`/pods${cursor ? `?cursor=${cursor}` : ''}`));
      expect(page.pods.length).toBeLessThanOrEqual(2);
      seen.push(...page.pods.map((p) => p.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual(h.sim.control.listPods().map((p) => p.id));

    const bad = await h.rest('/pods?cursor=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).detail).toMatch(/cursor/);
    expect(h.sim.contractViolations()).toEqual([]);
  });

  it('a pod terminated between pages shifts nothing', async () => {
    h = await startHarness({ pageSize: 2, pods: 4 });
    const first = await json<PodPage>(h.rest('/pods'));
    await h.rest(`/pods/${first.pods[1]!.id}`, { method: 'DELETE' });
    const second = await json<PodPage>(h.rest(`/pods?cursor=${first.nextCursor!}`));
    const all = h.sim.control.listPods().map((p) => p.id);
    expect(second.pods.map((p) => p.id)).toEqual(all.slice(2, 4));
    expect(second.nextCursor).toBeUndefined();
  });

  it('lists cluster members only with includeClusterPods=true', async () => {
    h = await startHarness({
      contract: 'record',
      pods: [
        { id: 'standalone0001', name: 'solo' },
        { id: 'clustermember1', name: 'node-0', cluster: { id: 'cluster_abc123', rank: 0 } },
      ],
    });
    const without = await json<PodPage>(h.rest('/pods'));
    expect(without.pods.map((p) => p.id)).toEqual(['standalone0001']);
    const withMembers = await json<PodPage>(h.rest('/pods?includeClusterPods=true'));
    expect(withMembers.pods.map((p) => p.id)).toEqual(['standalone0001', 'clustermember1']);
    expect(withMembers.pods[1]?.cluster).toEqual({ id: 'cluster_abc123', rank: 0 });
    expect(h.sim.contractViolations()).toEqual([]);
  });
});
