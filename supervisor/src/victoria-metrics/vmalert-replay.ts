import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeExit, ManagedProcess } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import { createTempDir } from '../process/temp-dir';
import { vmalertArgs, type VmalertEndpoints } from './vmalert-server';

/** Options for {@link replayRules}. */
export interface ReplayRulesOptions extends VmalertEndpoints {
  /** Prometheus rule files (plain file name -> YAML). */
  ruleFiles: Record<string, string>;
  from: Date;
  to: Date;
  /** Evaluation step of groups that set no interval; the replay evaluates every step between from and to. */
  evaluationInterval?: string;
  /**
   * vmalert's pause after each rule (`-replay.rulesDelay`, default 1s), which lets a recording be searched
   * before the next rule reads it. `0s` when the caller orders dependent rules into separate replays.
   */
  rulesDelay?: string;
  /** Gives up (stops vmalert) after this long; default 60 s. */
  timeoutMs?: number;
  binary?: string;
}

/**
 * Runs vmalert's replay mode: every rule evaluated at every step between `from` and `to` over the stored
 * history, recording-rule results and the alerts' `ALERTS` / `ALERTS_FOR_STATE` series written through
 * `remoteWriteUrl` with the evaluation timestamps (nothing is sent to a notifier). Rules run one after
 * another, each over the whole range, with vmalert's default 1 s pause between them so that a recording
 * rule's results are searchable before the next rule reads them: order rule files by dependency. Resolves
 * with vmalert's output when it exits 0; throws with that output otherwise.
 */
export async function replayRules(options: ReplayRulesOptions): Promise<string> {
  const binary = requireServiceBinary('vmalert', options.binary);
  if (options.remoteWriteUrl === undefined)
    throw new Error('a replay needs remoteWriteUrl to write its results');
  const dir = createTempDir('vmalert-replay');
  try {
    for (const [name, content] of Object.entries(options.ruleFiles))
      writeFileSync(path.join(dir.path, name), content);
    const run = await ManagedProcess.start({
      label: 'vmalert-replay',
      command: binary,
      args: [
        ...vmalertArgs(dir.path, Object.keys(options.ruleFiles), options),
        `-replay.timeFrom=${options.from.toISOString()}`,
        `-replay.timeTo=${options.to.toISOString()}`,
        '-replay.disableProgressBar',
        // Each range query steps at the group's interval; vmalert's default step of 5m would evaluate a 1m
        // group only every fifth minute, and `for:` would never see consecutive evaluations.
        '-datasource.queryStep=0s',
        ...(options.evaluationInterval === undefined
          ? []
          : [`-evaluationInterval=${options.evaluationInterval}`]),
        ...(options.rulesDelay === undefined ? [] : [`-replay.rulesDelay=${options.rulesDelay}`]),
      ],
      cwd: dir.path,
    });
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => void run.stop(), timeoutMs);
    const status = await run.exited.finally(() => clearTimeout(timer));
    await run.outputDone;
    if (status.code !== 0) {
      throw new Error(`vmalert replay ${describeExit(status)}:\n${run.output.text()}`);
    }
    return run.output.text();
  } finally {
    dir.remove();
  }
}
