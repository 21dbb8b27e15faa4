// Public surface of @perflens/demo: the demo service with switchable bottlenecks and `perflens demo`.
export { startDemoService, type DemoService, type DemoServiceOptions } from './demo-service';
export { seedDatabase, type SeedResult } from './database/seed-database';
export { seedSizes, type SeedSizes } from './database/seed-sizes';
export {
  BOTTLENECK_DESCRIPTIONS,
  BOTTLENECK_NAMES,
  type BottleneckName,
} from './bottlenecks/bottleneck-catalogue';
export { registerDemoCommand } from './demo-command';
export { registerUpCommand } from './stack/up-command';
