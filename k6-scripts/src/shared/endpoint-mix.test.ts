import { readFileSync } from 'node:fs';
import path from 'node:path';
import { concretePath, parseEndpointMix, pickEndpoint } from './endpoint-mix.ts';

const mixOf = (endpoints: unknown[]) => JSON.stringify({ endpoints });

describe('parseEndpointMix', () => {
  it('reads the committed endpoint-mix.json with its defaults applied', () => {
    const file = path.join(__dirname, '../../endpoint-mix.json');
    const mix = parseEndpointMix(readFileSync(file, 'utf8'), 'endpoint-mix.json');
    expect(mix.endpoints.map((e) => `${e.method} ${e.route} ${e.expectedStatus} x${e.weight}`)).toEqual([
      'GET /api/products 200 x6',
      'GET /api/products/:id/orders 200 x3',
      'GET /api/orders 200 x2',
      'GET /api/orders/:id 200 x4',
      'POST /api/orders 201 x1',
      'GET /api/customers/:id/orders 200 x2',
      'GET /api/customers/:id/summary 200 x1',
      'GET /api/shipping/quote 200 x1',
    ]);
    expect(mix.totalWeight).toBe(20);
  });

  it.each([
    { title: 'text that is not JSON', text: '{', error: 'mix.json: not JSON' },
    {
      title: 'an empty endpoint list',
      text: mixOf([]),
      error: 'mix.json: endpoints: must be a non-empty list',
    },
    {
      title: 'a route that is a full URL',
      text: mixOf([{ route: 'http://x/a' }]),
      error: 'mix.json: endpoints[0].route: must be a route template such as /api/orders/:id',
    },
    {
      title: 'an unknown method',
      text: mixOf([{ route: '/a', method: 'FETCH' }]),
      error: 'mix.json: endpoints[0].method: must be one of GET, POST, PUT, PATCH, DELETE',
    },
    {
      title: 'a placeholder without values',
      text: mixOf([{ route: '/a/:id', path: '/a/{id}' }]),
      error: 'mix.json: endpoints[0].pathValues.id: must be a non-empty list of strings',
    },
    {
      title: 'a zero weight',
      text: mixOf([{ route: '/a' }, { route: '/b', weight: 0 }]),
      error: 'mix.json: endpoints[1].weight: must be a positive number',
    },
    {
      title: 'a status that is not a code',
      text: mixOf([{ route: '/a', expectedStatus: 'ok' }]),
      error: 'mix.json: endpoints[0].expectedStatus: must be an HTTP status code',
    },
  ])('rejects $title, naming the file and field', ({ text, error }) => {
    expect(() => parseEndpointMix(text, 'mix.json')).toThrow(error);
  });
});

describe('pickEndpoint', () => {
  const mix = parseEndpointMix(
    mixOf([
      { route: '/a', weight: 3 },
      { route: '/b', weight: 1 },
    ]),
    'mix.json',
  );

  it.each([
    { random: 0, route: '/a' },
    { random: 0.74, route: '/a' },
    { random: 0.75, route: '/b' },
    { random: 0.999, route: '/b' },
  ])('picks $route for a random draw of $random (weights 3:1)', ({ random, route }) => {
    expect(pickEndpoint(mix, random).route).toBe(route);
  });
});

describe('concretePath', () => {
  const [endpoint] = parseEndpointMix(
    mixOf([
      { route: '/a/:id/b/:name', path: '/a/{id}/b/{name}', pathValues: { id: ['1', '2'], name: ['x y'] } },
    ]),
    'mix.json',
  ).endpoints;

  it.each([
    { random: 0, path: '/a/1/b/x%20y' },
    { random: 0.6, path: '/a/2/b/x%20y' },
  ])('fills placeholders from their values ($path)', ({ random, path: expected }) => {
    expect(concretePath(endpoint!, random)).toBe(expected);
  });
});
