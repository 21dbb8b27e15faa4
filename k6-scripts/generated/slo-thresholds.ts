// Generated from alert-rules/slo.yaml by `npm run generate -w @perflens/k6-scripts`; do not edit.
// A test fails when this file is older than the SLO file, so commit both together.
import type { SloThresholdsFile } from '../src/shared/slo-thresholds-file.ts';

export const SLO_THRESHOLDS: SloThresholdsFile = {
  "sourceFile": "alert-rules/slo.yaml",
  "services": {
    "demo-api": {
      "job": "demo-api",
      "thresholds": [
        {
          "sloId": "demo-api-availability",
          "description": "Requests are answered without a server error (5xx).",
          "metric": "http_req_failed",
          "aggregation": "rate",
          "maxValue": 0.001
        },
        {
          "sloId": "demo-api-latency",
          "description": "Requests are answered within 250 ms.",
          "metric": "http_req_duration",
          "aggregation": "p(99)",
          "maxValue": 250
        },
        {
          "sloId": "demo-api-checkout-latency",
          "description": "Checkout requests are answered within 1 s.",
          "route": "/api/orders",
          "metric": "http_req_duration",
          "aggregation": "p(99.5)",
          "maxValue": 1000
        },
        {
          "sloId": "demo-api-checkout-latency",
          "description": "Checkout requests are answered within 1 s.",
          "route": "/api/orders/:id",
          "metric": "http_req_duration",
          "aggregation": "p(99.5)",
          "maxValue": 1000
        }
      ]
    }
  }
};
