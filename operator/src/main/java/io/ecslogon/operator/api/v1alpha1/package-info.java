/**
 * The ecslogon.io/v1alpha1 API: custom resource types, their spec and status, and the schema
 * validation that the API server enforces. Nothing here talks to Kubernetes or to an instance;
 * the feature packages ({@code ecsinstance}, {@code keypair}, ...) hold the reconcilers.
 */
package io.ecslogon.operator.api.v1alpha1;
