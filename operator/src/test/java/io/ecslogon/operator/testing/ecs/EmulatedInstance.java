package io.ecslogon.operator.testing.ecs;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.util.Objects;

/**
 * An ECS instance the emulator knows. Optionally backed by a {@link Sandbox}, which then really
 * reboots, runs Cloud Assistant commands, and takes new root passwords and attached key pairs.
 */
public final class EmulatedInstance {
  private final String regionId;
  private final String instanceId;
  private final String privateIp;
  private String publicIp;
  private String eip;
  private Sandbox sandbox;
  private volatile String status = "Running";
  private volatile boolean cloudAssistantAgentOn = true;
  private volatile String keyPairName;
  private volatile String pendingPassword;
  private volatile String pendingKeyPair;

  private EmulatedInstance(String regionId, String instanceId, String privateIp) {
    this.regionId = Objects.requireNonNull(regionId);
    this.instanceId = Objects.requireNonNull(instanceId);
    this.privateIp = privateIp;
  }

  /** A Running Linux instance; set the optional parts with the withers below before adding it. */
  public static EmulatedInstance linux(String regionId, String instanceId, String privateIp) {
    return new EmulatedInstance(regionId, instanceId, privateIp);
  }

  public EmulatedInstance withPublicIp(String publicIp) {
    this.publicIp = publicIp;
    return this;
  }

  public EmulatedInstance withEip(String eip) {
    this.eip = eip;
    return this;
  }

  public EmulatedInstance backedBy(Sandbox sandbox) {
    this.sandbox = sandbox;
    return this;
  }

  public String regionId() {
    return regionId;
  }

  public String instanceId() {
    return instanceId;
  }

  public String osType() {
    return "linux";
  }

  public String privateIp() {
    return privateIp;
  }

  public String publicIp() {
    return publicIp;
  }

  public String eip() {
    return eip;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** Running, Stopping, Stopped, Starting or Pending, as ECS spells them. */
  public String status() {
    return status;
  }

  public void setStatus(String status) {
    this.status = Objects.requireNonNull(status);
  }

  /** Switches the Cloud Assistant agent off (or on again), as if it had crashed or been uninstalled. */
  public void setCloudAssistantAgentOn(boolean on) {
    this.cloudAssistantAgentOn = on;
  }

  /** The agent answers only on a running sandbox: there is nothing to run commands in otherwise. */
  public boolean cloudAssistantOnline() {
    return sandbox != null && cloudAssistantAgentOn && "Running".equals(status);
  }

  public String keyPairName() {
    return keyPairName;
  }

  void setKeyPairName(String keyPairName) {
    this.keyPairName = keyPairName;
  }

  /** A password set with ModifyInstanceAttribute that the next RebootInstance applies, or null. */
  String pendingPassword() {
    return pendingPassword;
  }

  void setPendingPassword(String password) {
    this.pendingPassword = password;
  }

  /** The public key of a key pair attached with AttachKeyPair that the next start puts in place, or null. */
  String pendingKeyPair() {
    return pendingKeyPair;
  }

  void setPendingKeyPair(String publicKey) {
    this.pendingKeyPair = publicKey;
  }

  @Override
  public String toString() {
    return instanceId + " (" + regionId + ", " + status + (sandbox == null ? "" : ", " + sandbox) + ")";
  }
}
