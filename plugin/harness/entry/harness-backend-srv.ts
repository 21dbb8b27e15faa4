import { Observable } from 'rxjs';
import { type BackendSrv, type BackendSrvRequest, config, type FetchResponse } from '@grafana/runtime';
import { HARNESS_ROLE_HEADER } from './harness-session';

/**
 * Stand-in for Grafana's BackendSrv: the same requests, sent with the browser's fetch to the harness server,
 * which answers Grafana's HTTP API paths (data source proxy, plugin settings) the way Grafana does.
 * Failures reject with Grafana's FetchError shape ({ status, statusText, data }). Every request carries the
 * signed-in role, the harness' stand-in for Grafana's session cookie, so the server enforces plugin.json's
 * route rules for that user (harness-session.ts).
 */
export function createHarnessBackendSrv(): BackendSrv {
  const fetchRequest = <T>(options: BackendSrvRequest) =>
    new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      const params = options.params ? `?${new URLSearchParams(options.params as Record<string, string>)}` : '';
      const isText = typeof options.data === 'string';
      const headers: Record<string, string> = {
        ...(options.headers ?? {}),
        [HARNESS_ROLE_HEADER]: config.bootData.user.orgRole,
      };
      if (options.data !== undefined && !isText) {
        headers['Content-Type'] = 'application/json';
      }
      fetch(`${options.url}${params}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.data === undefined ? undefined : isText ? options.data : JSON.stringify(options.data),
        signal: controller.signal,
      })
        .then(async (response) => {
          const text = await response.text();
          let data: unknown = text;
          try {
            data = text ? JSON.parse(text) : {};
          } catch {
            // Not JSON: kept as text, as Grafana does.
          }
          const result = {
            data: data as T,
            status: response.status,
            statusText: response.statusText,
            ok: response.ok,
            headers: response.headers,
            redirected: response.redirected,
            type: response.type,
            url: response.url,
            config: options,
          };
          if (response.ok) {
            subscriber.next(result);
            subscriber.complete();
          } else {
            subscriber.error({ ...result, isHandled: false });
          }
        })
        .catch((error) => subscriber.error({ status: 0, statusText: String(error), data: {}, config: options }));
      return () => controller.abort();
    });

  const request = async <T>(options: BackendSrvRequest): Promise<T> => {
    const { lastValueFrom } = await import('rxjs');
    return (await lastValueFrom(fetchRequest<T>(options))).data;
  };

  return {
    fetch: fetchRequest,
    request,
    datasourceRequest: (options: BackendSrvRequest) => request(options).then((data) => ({ data })),
    get: (url: string, params?: object) => request({ url, params }),
    delete: (url: string) => request({ url, method: 'DELETE' }),
    post: (url: string, data?: unknown) => request({ url, method: 'POST', data }),
    patch: (url: string, data?: unknown) => request({ url, method: 'PATCH', data }),
    put: (url: string, data?: unknown) => request({ url, method: 'PUT', data }),
    resolveCancelerIfExists: () => undefined,
  } as unknown as BackendSrv;
}
