import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';

// Project "viewer" in playwright.config.ts: plugin-e2e creates the Viewer user and signs in as it.
test('a Viewer reads findings but gets no control that changes anything', async ({ gotoPage, page }) => {
  await gotoPage(`/${ROUTES.Bottlenecks}`);
  const firstFinding = page.getByTestId('perflens-findings-table').getByRole('link').first();
  await firstFinding.click();
  await expect(page.getByTestId('perflens-acknowledge')).toBeVisible();
  await expect(page.getByTestId('perflens-acknowledge-form')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Silence / })).toHaveCount(0);
});
