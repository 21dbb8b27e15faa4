// Issue 17: scraping past one machine. Two vmagent shards split a fleet of targets and remote-write into one
// VictoriaMetrics; with a replication factor of 2, losing a shard loses no target.
import {
  PrometheusApi,
  startVictoriaMetrics,
  startVmagent,
  type VictoriaMetricsInstance,
  type VmagentInstance,
} from '../../src';
import { type MetricsFleet, startMetricsFleet } from './metrics-fleet';

const FLEET_SIZE = 6;

function scrapeConfig(targets: string[]): object {
  return {
    global: { scrape_interval: '1s' },
    scrape_configs: [{ job_name: 'fleet', static_configs: [{ targets }] }],
  };
}

/** The active targets of one vmagent, by instance (host:port). */
async function activeInstances(agent: VmagentInstance): Promise<string[]> {
  const { activeTargets } = await new PrometheusApi(agent.url).targets();
  return activeTargets.map((target) => target.labels.instance ?? '(no instance)').sort();
}

/** Each agent's active instances, once together they list `total` (counting a target twice if shared). */
async function waitForShards(agents: VmagentInstance[], total: number): Promise<[string[], string[]]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const shards = await Promise.all(agents.map(activeInstances));
    if (shards.flat().length >= total || Date.now() >= deadline) return [shards[0] ?? [], shards[1] ?? []];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('two vmagent shards, one VictoriaMetrics', () => {
  let fleet: MetricsFleet;
  let store: VictoriaMetricsInstance;
  const agents: VmagentInstance[] = [];

  beforeAll(async () => {
    fleet = await startMetricsFleet(FLEET_SIZE);
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop()));
    await store?.stop();
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('every target is scraped by exactly one shard', async () => {
    store = await startVictoriaMetrics();
    for (const memberNum of [0, 1]) {
      agents.push(
        await startVmagent({
          config: scrapeConfig(fleet.targets),
          remoteWriteUrls: [store.remoteWriteUrl],
          shard: { membersCount: 2, memberNum },
          // Marks each sample with the shard that scraped it, so the store can tell them apart.
          extraArgs: [`-remoteWrite.label=vmagent_shard=${memberNum}`],
        }),
      );
    }

    // vmagent discovers its targets shortly after it answers /health; wait until both shards list theirs.
    const [first, second] = await waitForShards(agents, FLEET_SIZE);
    expect([...first, ...second].sort()).toEqual([...fleet.targets].sort());
    expect(first.filter((instance) => second.includes(instance))).toEqual([]);

    const up = await store.waitFor(
      'up{job="fleet"}',
      (result) => new Set(result.map((sample) => sample.metric.instance)).size === FLEET_SIZE,
    );
    const shardsByInstance = new Map<string, string[]>();
    for (const sample of up) {
      const instance = sample.metric.instance ?? '(no instance)';
      const shards = shardsByInstance.get(instance) ?? [];
      shardsByInstance.set(instance, [...shards, sample.metric.vmagent_shard ?? '(no shard label)']);
      expect(sample.value[1]).toBe('1');
    }
    for (const instance of fleet.targets) {
      const expectedShard = first.includes(instance) ? '0' : '1';
      expect({ instance, shards: shardsByInstance.get(instance) }).toEqual({
        instance,
        shards: [expectedShard],
      });
    }
  });

  it('with replication factor 2, killing one shard stops no target series', async () => {
    // Both shards scrape every target; the store keeps one sample per series per second (deduplication).
    store = await startVictoriaMetrics({ extraArgs: ['-dedup.minScrapeInterval=1s'] });
    for (const memberNum of [0, 1]) {
      agents.push(
        await startVmagent({
          config: scrapeConfig(fleet.targets),
          remoteWriteUrls: [store.remoteWriteUrl],
          shard: { membersCount: 2, memberNum, replicationFactor: 2 },
        }),
      );
    }
    const shards = await waitForShards(agents, 2 * FLEET_SIZE);
    for (const shard of shards) expect(shard).toEqual([...fleet.targets].sort());
    await store.waitFor('up{job="fleet"} == 1', (result) => result.length === FLEET_SIZE);

    // SIGKILL: the shard gets no chance to flush or mark its series stale, like a lost machine.
    const [killed, survivor] = agents;
    if (!killed?.pid || !survivor) throw new Error('both shards must be running before one is killed');
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited;
    const killedAtSeconds = Date.now() / 1000;

    // Every target's counter keeps getting new samples well after the kill, from the surviving shard.
    const fresh = await store.waitFor(
      `timestamp(http_server_request_duration_seconds_count{job="fleet"}) > ${killedAtSeconds + 5}`,
      (result) => result.length === FLEET_SIZE,
    );
    expect(new Set(fresh.map((sample) => sample.metric.instance))).toEqual(new Set(fleet.targets));
    const { activeTargets } = await new PrometheusApi(survivor.url).targets();
    expect(activeTargets.map((target) => target.health)).toEqual(Array(FLEET_SIZE).fill('up'));
  });
});
