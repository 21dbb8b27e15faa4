import { PanelPlugin } from '@grafana/data';
import { TopBottlenecksPanel, type TopBottlenecksOptions } from './TopBottlenecksPanel';

export const plugin = new PanelPlugin<TopBottlenecksOptions>(TopBottlenecksPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'job',
      name: 'Service',
      description: 'Prometheus job; empty uses the first service of the app settings. Dashboard variables work ($job).',
      defaultValue: '$job',
    })
    .addNumberInput({ path: 'limit', name: 'Findings shown', defaultValue: 5 })
);
