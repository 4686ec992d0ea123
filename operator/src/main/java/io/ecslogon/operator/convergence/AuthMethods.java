package io.ecslogon.operator.convergence;

/**
 * What sshd refuses to one user on one instance, from its effective settings ({@code sshd -T -C
 * user=...}, so Match blocks count): null where it does not refuse.
 */
public record AuthMethods(String keysRefused, String passwordsRefused) {}
