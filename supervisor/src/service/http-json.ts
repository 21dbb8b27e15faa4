/** Raised for a non-2xx answer; keeps the status and body so a failing test shows what the server said. */
export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}: ${body.trim()}`);
    this.name = 'HttpError';
  }
}

/** Sends a request and parses the JSON answer (or returns the text when it is not JSON); throws {@link HttpError} on non-2xx. */
export async function requestJson<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new HttpError(method, url, response.status, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

/**
 * True when `url` answers 200 within a second. Prometheus and Alertmanager answer /-/ready with 503 while
 * they load and the connection is refused before they listen; both mean "not yet".
 */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
