import { replayRules } from '@perflens/test-harness';
import { parse, stringify } from 'yaml';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

interface Group {
  name: string;
  rules: Rule[];
  [key: string]: unknown;
}

/**
 * The rules of `ruleFileTexts` split into layers, each rule in the first layer after every recording rule
 * its expression reads: layer 0 reads only stored series, layer n reads recordings of layers below n. Each
 * layer keeps its groups (name, interval) and drops annotations: vmalert's replay refuses the `query`
 * template function (SloErrorBudgetBurn's top_routes) and the alerts' labels do not depend on annotations.
 */
export function ruleLayers(ruleFileTexts: readonly string[]): { groups: Group[] }[] {
  const groups = ruleFileTexts.flatMap((text) => (parse(text) as { groups: Group[] }).groups);
  const rules = groups.flatMap((group) => group.rules);
  const layerOf = (rule: Rule, seen: Set<Rule>): number => {
    if (seen.has(rule)) throw new Error(`recording rules read each other in a cycle at ${rule.record}`);
    const names = new Set(rule.expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []);
    const below = rules.filter((other) => other.record !== undefined && names.has(other.record));
    return below.length === 0
      ? 0
      : 1 + Math.max(...below.map((other) => layerOf(other, new Set([...seen, rule]))));
  };
  const layers: { groups: Group[] }[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      const layer = layerOf(rule, new Set());
      while (layers.length <= layer) layers.push({ groups: [] });
      const groupsOfLayer = (layers[layer] as { groups: Group[] }).groups;
      let copy = groupsOfLayer.find((candidate) => candidate.name === group.name);
      if (!copy) {
        copy = { ...group, rules: [] };
        groupsOfLayer.push(copy);
      }
      copy.rules.push({ ...rule, annotations: undefined });
    }
  }
  return layers;
}

/** Options for {@link replayInLayers}. */
export interface LayeredReplayOptions {
  /** Rule files' YAML; groups of the same name in two files are not supported (vmalert refuses them too). */
  ruleFileTexts: readonly string[];
  /** The store's root URL: queried, and written to through /api/v1/write unless `remoteWriteUrl` is set. */
  storeUrl: string;
  /** Root URL of another store to write the recordings and ALERTS to. */
  remoteWriteUrl?: string;
  from: Date;
  to: Date;
  /** Evaluation step of groups that set no interval (the promtool file's evaluation_interval). */
  evaluationInterval: string;
  /** Makes what vmalert wrote searchable (the written store's /internal/force_flush). */
  flush: () => Promise<void>;
}

/**
 * vmalert's replay mode (`-replay.timeFrom/-replay.timeTo`), one run per layer of {@link ruleLayers},
 * the store flushed after each. vmalert's own way to chain rules is a pause after every rule
 * (`-replay.rulesDelay`, 1 s by default, a minute and more for the SLO file) that only works if the
 * remote-write queue happens to flush in time; here every rule runs without a pause, and a rule reads
 * recordings only once the run that wrote them has exited (vmalert flushes its queue on exit) and the
 * store has been flushed. Returns vmalert's output.
 */
export async function replayInLayers(options: LayeredReplayOptions): Promise<string> {
  const outputs: string[] = [];
  for (const [index, layer] of ruleLayers(options.ruleFileTexts).entries()) {
    const output = await replayRules({
      ruleFiles: { [`layer-${index}.yml`]: stringify(layer) },
      datasourceUrl: options.storeUrl,
      remoteWriteUrl: options.remoteWriteUrl ?? options.storeUrl,
      from: options.from,
      to: options.to,
      evaluationInterval: options.evaluationInterval,
      rulesDelay: '0s',
      timeoutMs: 30_000,
    }).catch((error: Error) => {
      throw new Error(`vmalert replay of layer ${index} failed: ${error.message}`);
    });
    outputs.push(output);
    await options.flush();
  }
  return outputs.join('');
}
