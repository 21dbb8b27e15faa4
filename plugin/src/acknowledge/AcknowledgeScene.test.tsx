import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { config } from '@grafana/runtime';
import { testIds } from '../shared/test-ids';
import type { AlertmanagerClient, FiringAlert, SilenceRequest } from './alertmanager-client';
import { AcknowledgeScene } from './AcknowledgeScene';

const firing: FiringAlert = {
  fingerprint: 'f1',
  labels: { alertname: 'SloLatencyBurn', job: 'demo-api', http_route: '/api/products' },
  annotations: { summary: 'demo-api latency SLO burning' },
  startsAt: '2023-11-15T00:00:00Z',
};

function fakeAlertmanager(alerts: FiringAlert[]) {
  const silences: SilenceRequest[] = [];
  const client = {
    firingAlerts: async () => alerts,
    createSilence: async (request: SilenceRequest) => {
      silences.push(request);
      return 'silence-1';
    },
  } as unknown as AlertmanagerClient;
  return { client, silences };
}

async function renderAs(orgRole: string, alerts: FiringAlert[]) {
  config.bootData.user = {
    ...config.bootData.user,
    login: 'ana',
    orgRole,
    permissions: {},
  } as typeof config.bootData.user;
  const { client, silences } = fakeAlertmanager(alerts);
  const scene = new AcknowledgeScene(client, { job: 'demo-api', http_route: '/api/products' });
  await act(async () => {
    render(<scene.Component model={scene} />);
  });
  return silences;
}

describe('Acknowledge', () => {
  it('lets an Editor silence the firing alert with author, comment and duration', async () => {
    const silences = await renderAs('Editor', [firing]);
    expect(screen.getByLabelText(/Author/)).toHaveValue('ana');
    fireEvent.change(screen.getByLabelText(/Comment/), { target: { value: 'index on orders coming' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Silence SloLatencyBurn' })));
    expect(silences).toEqual([
      {
        matchers: [
          { name: 'alertname', value: 'SloLatencyBurn' },
          { name: 'job', value: 'demo-api' },
          { name: 'http_route', value: '/api/products' },
        ],
        durationSeconds: 3600,
        createdBy: 'ana',
        comment: 'index on orders coming',
      },
    ]);
    expect(screen.getByText('Silenced (silence silence-1)')).toBeInTheDocument();
  });

  it('shows a Viewer the firing alert but no form and no button', async () => {
    await renderAs('Viewer', [firing]);
    expect(screen.getByText('SloLatencyBurn')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.acknowledgeForm)).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByTestId(testIds.acknowledgeReadOnly)).toHaveTextContent(
      'Only Editors and Admins can silence this alert.'
    );
  });

  it('says when nothing is firing for the finding', async () => {
    await renderAs('Editor', []);
    expect(screen.getByText('No alert is firing for this finding.')).toBeInTheDocument();
  });
});
