import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';

// Runs against the docker-compose Grafana (`docker compose up` at the repository root, plugin built first),
// with the demo service under traffic so Prometheus has data. Not run on machines without Docker.
test.describe('Perflens pages in Grafana', () => {
  test('Overview shows the health per layer and the top findings', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    await expect(page.getByTestId('perflens-layer-health')).toBeVisible();
    await expect(
      page.getByTestId('perflens-findings-table').or(page.getByTestId('perflens-findings-empty'))
    ).toBeVisible();
  });

  // `perflens up` switches a bottleneck on in the demo service (demo/README.md), so the list is not empty.
  test('Bottlenecks lists findings and opens a finding with its evidence charts', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Bottlenecks}`);
    const firstFinding = page.getByTestId('perflens-findings-table').getByRole('link').first();
    const title = await firstFinding.innerText();
    await firstFinding.click();
    await expect(page.getByTestId('perflens-finding-title')).toHaveText(title);
    await expect(page.getByTestId('perflens-evidence-charts').locator('canvas').first()).toBeVisible();
  });

  test('Recommendations and Load tests open', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Recommendations}`);
    await expect(page.getByRole('heading', { name: 'Recommendations' })).toBeVisible();
    await gotoPage(`/${ROUTES.LoadTests}`);
    await expect(page.getByLabel('Test run')).toBeVisible();
  });

  test('the provisioned dashboards are included', async ({ page }) => {
    await page.goto('/d/perflens-api');
    await expect(page.getByText('Perflens / API')).toBeVisible();
  });
});
