/** Metrics for Prometheus, health for load balancers, the OpenAPI description of {@code /api}. */
package io.harunbooks.observability;
