package io.ecslogon.operator.reliability;

/** What the fault-injection suite does to a run, at a random point of its work (docs/reliability.md). */
enum FaultKind {
  OPERATOR_KILL("every operator replica SIGKILLed, then started again in its own pod (the same name)"),
  LEADER_KILL("the leader SIGKILLed with a standby running; a new standby started under a new name"),
  INSTANCE_REBOOT("the instance rebooted"),
  SSHD_STOPPED("sshd stopped on the instance for the hold, then started"),
  CONNECTION_DROP("every SSH connection to the instance reset"),
  CONNECTION_STALL("every SSH connection to the instance stalled for the hold"),
  CONNECTION_TRUNCATE("the instance's replies cut after a few hundred bytes, connection closed"),
  DISK_FULL("the instance's disk full for the hold"),
  API_DOWN("the API server unreachable for the hold: connections reset, new ones refused"),
  API_RESTART("kube-apiserver stopped, down for the hold, started again (etcd kept)"),
  API_CONFLICT("the operator's writes answered 409 Conflict for the hold"),
  API_ERROR("the operator's writes answered 500 for the hold"),
  API_SLOW("the operator's writes answered slowly for the hold"),
  PERSON_EDIT("a person edits authorized_keys, sshd_config and sudoers on the instance at the same time");

  private final String description;

  FaultKind(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }
}
