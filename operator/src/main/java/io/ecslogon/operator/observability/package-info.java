/**
 * What a platform team watches: Prometheus metrics (java-operator-sdk's reconcile metrics through
 * Micrometer, plus the operator's own instance operations) and liveness/readiness, served over
 * plain HTTP by the JDK's built-in server.
 */
package io.ecslogon.operator.observability;
