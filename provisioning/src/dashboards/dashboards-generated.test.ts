import { staleDashboardFiles } from './write-dashboards';

describe('generated dashboards', () => {
  it('are committed exactly as the TypeScript generates them (npm run dashboards -w provisioning)', () => {
    expect(staleDashboardFiles()).toEqual([]);
  });
});
