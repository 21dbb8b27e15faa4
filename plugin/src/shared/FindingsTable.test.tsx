import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render as renderDom, screen, within } from '@testing-library/react';
import { exampleFinding, manyFindings } from './finding-examples';
import { FindingsTable } from './FindingsTable';
import { testIds } from './test-ids';

// TextLink renders internal links with react-router's Link, which needs a router as in Grafana.
const render = (ui: React.ReactElement) => renderDom(<MemoryRouter>{ui}</MemoryRouter>);

const hrefOf = (f: { id: string }) => `/a/perflens-insights-app/bottlenecks/finding/${encodeURIComponent(f.id)}`;

describe('FindingsTable', () => {
  it('says so when there is no finding', () => {
    render(<FindingsTable findings={[]} hrefOf={hrefOf} />);
    expect(screen.getByTestId(testIds.findingsEmpty)).toHaveTextContent('No bottlenecks found in this time range.');
  });

  it('lists many findings in the order the engine ranked them, each linking to its page', () => {
    render(<FindingsTable findings={manyFindings(60)} hrefOf={hrefOf} />);
    const rows = within(screen.getByTestId(testIds.findingsTable)).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(60);
    expect(rows.slice(0, 3).map((row) => within(row).getByRole('link').textContent)).toEqual([
      'Finding number 0',
      'Finding number 1',
      'Finding number 2',
    ]);
    expect(within(rows[0]!).getByRole('link')).toHaveAttribute(
      'href',
      '/a/perflens-insights-app/bottlenecks/finding/api.route-slower-than-slo%2Fhttp_route%3D%2Fapi%2Fr0'
    );
  });

  it('shows severity, layer and score of a finding with the score explanation on hover', () => {
    render(<FindingsTable findings={[exampleFinding({ id: 'a/x=1' })]} hrefOf={hrefOf} />);
    const row = screen.getAllByRole('row')[1]!;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent)
    ).toEqual(['critical', 'API', 'GET /api/products: 25% of requests slower than 250 ms (SLO allows 1%)', '12.5']);
    expect(within(row).getByText('12.5')).toHaveAttribute(
      'title',
      '12.5% of all requests were requests to this route slower than 250 ms.'
    );
  });
});
