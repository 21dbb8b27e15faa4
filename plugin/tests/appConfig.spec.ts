import { test, expect } from './fixtures';

test('the app settings save, and the exporter token is never shown again', async ({ appConfigPage, page }) => {
  await page.locator('#perflens-exporter-url').fill('http://exporter:9464');
  await page.locator('#perflens-exporter-token').fill('e2e-token');
  const saveResponse = appConfigPage.waitForSettingsResponse();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResponse).toBeOK();
  await page.reload();
  await expect(page.locator('#perflens-exporter-token')).toHaveValue('configured');
});
