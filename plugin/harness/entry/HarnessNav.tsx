import React from 'react';
import { Link } from 'react-router-dom';

const PAGES = [
  ['Overview', '/a/perflens-insights-app/overview'],
  ['Bottlenecks', '/a/perflens-insights-app/bottlenecks'],
  ['Recommendations', '/a/perflens-insights-app/recommendations'],
  ['Load tests', '/a/perflens-insights-app/load-tests'],
  ['Configuration', '/plugins/perflens-insights-app'],
];

/** Grafana's app navigation, reduced to links, and who the harness signs in as. */
export function HarnessNav({ role }: { role: string }) {
  return (
    <nav
      aria-label="Perflens"
      style={{ display: 'flex', gap: 16, padding: '8px 16px', borderBottom: '1px solid #333' }}
    >
      <strong>Perflens harness</strong>
      {PAGES.map(([name, path]) => (
        <Link key={path} to={path!}>
          {name}
        </Link>
      ))}
      <span style={{ marginLeft: 'auto' }}>{`Signed in as ${role}`}</span>
    </nav>
  );
}
