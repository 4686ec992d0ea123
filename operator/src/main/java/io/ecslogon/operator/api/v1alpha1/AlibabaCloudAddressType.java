package io.ecslogon.operator.api.v1alpha1;

/** Which of the addresses ECS reports for an instance the operator connects to. */
public enum AlibabaCloudAddressType {
  /** The private IP in the instance's VPC: for an operator running in the same VPC (ACK). */
  PrivateIp,
  /** The public IP ECS assigned to the instance. */
  PublicIp,
  /** The Elastic IP bound to the instance. */
  Eip
}
