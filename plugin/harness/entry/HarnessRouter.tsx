import React, { type ReactNode, useLayoutEffect, useState } from 'react';
import { Router } from 'react-router-dom';
import { locationService } from '@grafana/runtime';

/**
 * Grafana routes with @grafana/runtime's locationService (a history v4 object) under a react-router v6
 * compatible router; this router follows the same history, so the app's links and Scenes' URL sync move it.
 */
export function HarnessRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof history.location) => setLocation(next)), [history]);
  return (
    <Router location={location} navigator={history as never}>
      {children}
    </Router>
  );
}
