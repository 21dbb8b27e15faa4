import { createReadStream, existsSync, statSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { HARNESS_ROLE_HEADER } from './entry/harness-session';
import { decideRoute, interpolateRoute, isOrgRole, readPluginRouteRules } from './plugin-route-rules';

const PLUGIN_ID = 'perflens-insights-app';
const PLUGIN_DIST = path.join(__dirname, '..', 'dist');
const ICONS = path.join(path.dirname(require.resolve('@grafana/ui/package.json')), 'dist', 'public', 'img', 'icons');

export interface HarnessServerOptions {
  /** Folder of harness.js. */
  bundleDir: string;
  prometheusUrl: string;
  alertmanagerUrl?: string;
  /** The app's jsonData, as Grafana would return it. */
  jsonData: object;
  port?: number;
}

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.md': 'text/markdown',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Perflens – Grafana harness</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><base href="/">
<style>body { margin: 0; } /* Grafana's CSS reset; @grafana/ui's GlobalStyles make body 100% wide */</style></head>
<body><div id="root"></div><script src="/harness/harness.js"></script></body></html>`;

function sendFile(res: http.ServerResponse, file: string) {
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path.basename(file)}`);
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

/**
 * Forwards a proxied call the way Grafana does: same method, the path below the data source uid or the
 * route, query and body, plus the route's headers (a plugin route's Authorization, for example).
 */
async function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: string,
  rest: string,
  headers: Record<string, string> = {}
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  try {
    // As Grafana's JoinURLFragments: an empty rest adds no trailing slash.
    const base = target.replace(/\/$/, '');
    const response = await fetch(rest === '' || rest.startsWith('?') ? `${base}${rest}` : `${base}/${rest}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', ...headers },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    });
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    // Grafana answers 502 when the data source cannot be reached.
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
  }
}

function sendJson(res: http.ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The slice of Grafana's HTTP server the app uses: the page shell, the built plugin under
 * /public/plugins/<id>/, @grafana/ui's icons, the data source proxy (to a real Prometheus and Alertmanager)
 * and the app's settings. Everything else answers 404 as an unknown API would.
 */
export function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  let settings = { enabled: true, pinned: true, jsonData: options.jsonData, secureJsonFields: {} as object };
  // What Grafana keeps encrypted and only its proxy reads: never returned by the settings API.
  let secureJsonData: Record<string, string> = {};
  const pluginProxyPrefix = `/api/plugin-proxy/${PLUGIN_ID}/`;
  const dataSources: Record<string, string | undefined> = {
    prometheus: options.prometheusUrl,
    alertmanager: options.alertmanagerUrl,
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://harness');
    const proxy = /^\/api\/datasources\/proxy\/uid\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (proxy) {
      const target = dataSources[decodeURIComponent(proxy[1]!)];
      if (!target) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Data source not found"}');
        return;
      }
      await forward(req, res, target, `${proxy[2]}${url.search}`);
    } else if (url.pathname.startsWith(pluginProxyPrefix)) {
      // Grafana's plugin proxy: plugin.json's routes, with their method, reqRole and reqAction, decide.
      const role = req.headers[HARNESS_ROLE_HEADER];
      if (!isOrgRole(role)) {
        sendJson(res, 401, { message: 'Unauthorized' });
        return;
      }
      const proxyPath = decodeURIComponent(url.pathname.slice(pluginProxyPrefix.length));
      const decision = decideRoute(readPluginRouteRules(), req.method ?? 'GET', proxyPath, role);
      if (decision.status !== 200) {
        sendJson(res, decision.status, { message: decision.message });
        return;
      }
      const jsonData = settings.jsonData as Record<string, unknown>;
      const headers = Object.fromEntries(
        (decision.route.headers ?? []).map((h) => [h.name, interpolateRoute(h.content, jsonData, secureJsonData)])
      );
      const target = interpolateRoute(decision.route.url, jsonData, secureJsonData);
      await forward(req, res, target, `${decision.rest}${url.search}`, headers);
    } else if (url.pathname === `/api/plugins/${PLUGIN_ID}/settings`) {
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
          chunks.push(chunk as Buffer);
        }
        const update = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        // secureJsonData is stored, never returned: Grafana reports only which secrets are set.
        const secure = Object.fromEntries(Object.keys(update.secureJsonData ?? {}).map((key) => [key, true]));
        secureJsonData = { ...secureJsonData, ...update.secureJsonData };
        settings = {
          ...settings,
          ...update,
          secureJsonData: undefined,
          secureJsonFields: { ...settings.secureJsonFields, ...secure },
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Plugin settings updated"}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(settings));
      }
    } else if (url.pathname.startsWith(`/public/plugins/${PLUGIN_ID}/`)) {
      sendFile(res, path.join(PLUGIN_DIST, path.normalize(url.pathname.slice(`/public/plugins/${PLUGIN_ID}/`.length))));
    } else if (url.pathname.includes('/public/build/img/icons/')) {
      // @grafana/ui asks for icons relative to the page, as Grafana serves them under any app path.
      const icon = url.pathname.slice(
        url.pathname.indexOf('/public/build/img/icons/') + '/public/build/img/icons/'.length
      );
      sendFile(res, path.join(ICONS, path.normalize(icon)));
    } else if (url.pathname.startsWith('/harness/')) {
      sendFile(res, path.join(options.bundleDir, path.normalize(url.pathname.slice('/harness/'.length))));
    } else if (url.pathname.startsWith('/api/') || url.pathname.includes('/public/')) {
      // Grafana's own assets (the Inter fonts) are not part of the harness: the browser falls back.
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}');
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    }
  });
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
