import type { SilenceMatcher } from '@perflens/test-harness';

/**
 * The label matchers of a notification's silence link (`<external URL>/#/silences/new?filter={a="b",...}`,
 * built by perflens.silence_url): what the on-call engineer gets pre-filled when acknowledging.
 */
export function silenceLinkMatchers(link: string): SilenceMatcher[] {
  const hash = new URL(link).hash;
  const query = hash.slice(hash.indexOf('?') + 1);
  const filter = new URLSearchParams(query).get('filter');
  if (!hash.startsWith('#/silences/new?') || filter === null) {
    throw new Error(`not a new-silence link: ${link}`);
  }
  const matchers = [...filter.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(
    ([, name, value]) => ({ name: name as string, value: value as string, isRegex: false, isEqual: true }),
  );
  if (matchers.length === 0) throw new Error(`the silence link has no matchers: ${link}`);
  return matchers;
}

/** Creates a silence through Alertmanager's API v2, as the UI does on "Create"; returns its id. */
export async function createSilence(
  alertmanagerUrl: string,
  matchers: SilenceMatcher[],
  comment: string,
): Promise<string> {
  const now = Date.now();
  const response = await fetch(`${alertmanagerUrl}/api/v2/silences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      matchers,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: 'oncall@example.com',
      comment,
    }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`creating a silence failed: ${response.status} ${text}`);
  return (JSON.parse(text) as { silenceID: string }).silenceID;
}

/** Expires a silence (DELETE /api/v2/silence/{id}). */
export async function expireSilence(alertmanagerUrl: string, id: string): Promise<void> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/silence/${id}`, { method: 'DELETE' });
  if (!response.ok)
    throw new Error(`expiring silence ${id} failed: ${response.status} ${await response.text()}`);
}

/** A counter of Alertmanager's own /metrics, e.g. failed notification requests of one integration. */
export async function alertmanagerCounter(alertmanagerUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${alertmanagerUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  if (line === undefined) throw new Error(`Alertmanager does not export ${series}`);
  return Number(line.slice(series.length + 1));
}
