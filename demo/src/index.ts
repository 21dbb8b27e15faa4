// Public surface of @perflens/demo: the demo shop with switchable bottlenecks (`perflens demo`) and the
// minimal instrumented service (`perflens example`).
export { startDemoService, type DemoService, type DemoServiceOptions } from './demo-service';
export { seedDatabase, type SeedResult } from './database/seed-database';
export { seedSizes, type SeedSizes } from './database/seed-sizes';
export {
  BOTTLENECK_DESCRIPTIONS,
  BOTTLENECK_NAMES,
  type BottleneckName,
} from './bottlenecks/bottleneck-catalogue';
export { registerDemoCommand } from './demo-command';
export { registerExampleCommand } from './example/example-command';
export { startExampleService, type ExampleServiceOptions } from './example/example-service';
