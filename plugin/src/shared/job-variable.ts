import { CustomVariable } from '@grafana/scenes';

/** Name of the service variable: `var-job` in URLs, as the provisioned dashboards call it. */
export const JOB_VARIABLE = 'job';

/** The service picker: the Prometheus `job`s from the app settings. */
export function jobVariable(jobs: string[]): CustomVariable {
  return new CustomVariable({
    name: JOB_VARIABLE,
    label: 'Service',
    query: jobs.join(','),
    value: jobs[0],
  });
}
