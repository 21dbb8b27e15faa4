// Public surface of @perflens/stack: `perflens up`, the local stack without Docker (PostgreSQL, the demo
// or your service, the exporter, Prometheus with the rules, Alertmanager with local sinks, traffic).
export { registerUpCommand } from './cli/up-command';
