import { readFileSync, writeFileSync } from 'node:fs';
import { DEMO_FRONTEND_MODULE, demoFrontendModule } from './demo-frontend';

// The demo serves its front end from a generated module (the demo does not depend on esbuild); this test
// rebuilds it from the sources and fails when the committed module is stale.
describe("the demo's generated front end", () => {
  it('is what esbuild builds from demo/src/web/frontend today', async () => {
    const fresh = await demoFrontendModule();
    if (process.env.PERFLENS_UPDATE_DEMO_FRONTEND === '1') writeFileSync(DEMO_FRONTEND_MODULE, fresh);
    const committed = readFileSync(DEMO_FRONTEND_MODULE, 'utf8');
    if (committed !== fresh) {
      throw new Error(
        `${DEMO_FRONTEND_MODULE} is stale: rebuild it with PERFLENS_UPDATE_DEMO_FRONTEND=1 npx jest bundle/test/demo-frontend.test.ts`,
      );
    }
    expect(committed).toContain('export const SHOP_APP_BLOAT');
  }, 30_000);
});
