import type { Metrics } from '@tdss/sdk';
import { Counter, Histogram } from 'prom-client';

export interface HttpRequestLabels {
  context: string;
  method: string;
  /** A route template such as `/management/assets/:id`, or `unmatched`. */
  route: string;
  status: string;
}

export interface HttpMetrics {
  observe(labels: HttpRequestLabels, seconds: number): void;
}

const LABELS = ['context', 'method', 'route', 'status'] as const;

export function createHttpMetrics(registry: Metrics): HttpMetrics {
  const requests = new Counter({
    name: 'tdss_http_requests_total',
    help: 'HTTP requests served, by API context, method, route template and status.',
    labelNames: LABELS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tdss_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by API context, method, route template and status.',
    labelNames: LABELS,
    registers: [registry],
  });
  return {
    observe(labels, seconds) {
      requests.inc({ ...labels });
      duration.observe({ ...labels }, seconds);
    },
  };
}
