/**
 * The weighted endpoint mix: which requests an iteration sends and how often, read from a JSON file that
 * users edit for their own service (endpoint-mix.json). Parsing is pure so it is tested in Node; the entry
 * scripts read the file with k6's `open()` in the init context.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  /** Route template, as the service's `http_route` label spells it; becomes the bounded `name` tag. */
  route: string;
  method: HttpMethod;
  /** Path to request; `{param}` placeholders take a value from `pathValues`. */
  path: string;
  pathValues: Readonly<Record<string, readonly string[]>>;
  /** JSON body for POST, PUT and PATCH. */
  body?: unknown;
  /** Status a correct answer has; a check compares it. */
  expectedStatus: number;
  /** Relative share of iterations that send this request. */
  weight: number;
}

export interface EndpointMix {
  endpoints: readonly Endpoint[];
  /** Sum of the weights, cached for picking. */
  totalWeight: number;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ROUTE = /^\/[A-Za-z0-9_.:*{}/-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEndpoint(raw: unknown, where: string): Endpoint {
  if (!isRecord(raw)) throw new Error(`${where}: must be an object`);
  const {
    route,
    method = 'GET',
    path = route,
    pathValues = {},
    body,
    expectedStatus = 200,
    weight = 1,
  } = raw;
  if (typeof route !== 'string' || !ROUTE.test(route)) {
    throw new Error(`${where}.route: must be a route template such as /api/orders/:id`);
  }
  if (typeof method !== 'string' || !METHODS.includes(method as HttpMethod)) {
    throw new Error(`${where}.method: must be one of ${METHODS.join(', ')}`);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) throw new Error(`${where}.path: must start with /`);
  if (!isRecord(pathValues)) throw new Error(`${where}.pathValues: must map placeholders to value lists`);
  for (const placeholder of path.match(/\{[A-Za-z0-9_]+\}/g) ?? []) {
    const values = pathValues[placeholder.slice(1, -1)];
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
      throw new Error(`${where}.pathValues.${placeholder.slice(1, -1)}: must be a non-empty list of strings`);
    }
  }
  if (typeof expectedStatus !== 'number' || !Number.isInteger(expectedStatus) || expectedStatus < 100) {
    throw new Error(`${where}.expectedStatus: must be an HTTP status code`);
  }
  if (typeof weight !== 'number' || !(weight > 0))
    throw new Error(`${where}.weight: must be a positive number`);
  return {
    route,
    method: method as HttpMethod,
    path,
    pathValues: pathValues as Record<string, string[]>,
    ...(body === undefined ? {} : { body }),
    expectedStatus,
    weight,
  };
}

/** Parses and validates the endpoint-mix JSON; errors name the file and the field. */
export function parseEndpointMix(text: string, file: string): EndpointMix {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(raw) || !Array.isArray(raw.endpoints) || raw.endpoints.length === 0) {
    throw new Error(`${file}: endpoints: must be a non-empty list`);
  }
  const endpoints = raw.endpoints.map((entry, index) => parseEndpoint(entry, `${file}: endpoints[${index}]`));
  return { endpoints, totalWeight: endpoints.reduce((sum, endpoint) => sum + endpoint.weight, 0) };
}

/** The endpoint a uniform random number in [0, 1) selects, each with probability weight / total. */
export function pickEndpoint(mix: EndpointMix, random: number): Endpoint {
  let remaining = random * mix.totalWeight;
  for (const endpoint of mix.endpoints) {
    remaining -= endpoint.weight;
    if (remaining < 0) return endpoint;
  }
  return mix.endpoints[mix.endpoints.length - 1] as Endpoint;
}

/** The concrete path: each `{param}` replaced by one of its values, chosen by `random` in [0, 1). */
export function concretePath(endpoint: Endpoint, random: number): string {
  return endpoint.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const values = endpoint.pathValues[name] as readonly string[];
    return encodeURIComponent(values[Math.floor(random * values.length)] as string);
  });
}
