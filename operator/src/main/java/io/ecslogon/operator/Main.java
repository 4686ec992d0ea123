package io.ecslogon.operator;

public final class Main {
  public static void main(String[] args) {}
}
