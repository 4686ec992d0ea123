/**
 * Alibaba Cloud ECS through its OpenAPI and the official SDK ({@code com.aliyun:ecs20140526}): which
 * client to call with which credentials, back-off on throttling and server errors, a request budget
 * per region, instances looked up by ID in batches, and key pairs by name. No Kubernetes types in
 * here besides what names a credentials Secret; docs/alibaba-cloud.md says what each feature calls.
 */
package io.ecslogon.operator.provider.alibabacloud;
