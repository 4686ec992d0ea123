package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.OperatorConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedDestinationsTest {
  /** A DNS of our own: names map to IP literals, which Java turns into addresses without asking anyone. */
  private static final Map<String, List<String>> DNS = Map.of(
      "web.internal", List.of("10.1.2.3", "10.1.2.4"),
      "split.internal", List.of("10.1.2.5", "169.254.169.254"),
      "v6.internal", List.of("fd12:3456::1"),
      "bastion.example.com", List.of("203.0.113.7"),
      "alias.attacker.test", List.of("203.0.113.7"),
      "wide.attacker.test", List.of("203.0.113.7", "203.0.113.8"));
  private static final HostResolver RESOLVER = AllowedDestinationsTest::resolve;

  @Test
  void unsetAllowsEveryAddressAndPortAsBefore() {
    AllowedDestinations everything = AllowedDestinations.parse(null, " ");

    assertThat(everything.allowsEveryAddress()).isTrue();
    assertThat(admit(everything, "169.254.169.254", 8443)).isEqualTo("169.254.169.254");
    assertThat(admit(everything, "split.internal", 22)).isEqualTo("10.1.2.5");
    assertThat(everything).hasToString("addresses=any ports=any");
    assertThatThrownBy(() -> admit(everything, "nowhere.internal", 22))
        .isInstanceOf(HostUnreachableException.class).hasMessage("cannot reach nowhere.internal:22: unknown host");
  }

  @Test
  void everythingWrittenOutAllowsEveryAddressAndPort() {
    AllowedDestinations everything = AllowedDestinations.parse("0.0.0.0/0, ::/0", "1-65535");

    assertThat(admit(everything, "169.254.169.254", 1)).isEqualTo("169.254.169.254");
    assertThat(admit(everything, "::1", 65535)).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(everything).hasToString("addresses=0.0.0.0/0,0:0:0:0:0:0:0:0/0 ports=any");
  }

  @Test
  void ipv4NetworksAllowTheirAddressesOnly() {
    AllowedDestinations allowed = AllowedDestinations.parse("10.0.0.0/8, 192.168.1.10", null);

    assertThat(admit(allowed, "10.255.0.1", 22)).isEqualTo("10.255.0.1");
    assertThat(admit(allowed, "192.168.1.10", 22)).isEqualTo("192.168.1.10");
    for (String outside : new String[] {"11.0.0.1", "192.168.1.11", "127.0.0.1", "0.0.0.0", "169.254.169.254",
        "::ffff:172.16.0.1", "fd00::1"}) {
      assertThatThrownBy(() -> admit(allowed, outside, 22)).as(outside)
          .isInstanceOf(AddressNotAllowedException.class).hasMessageContaining("ECSLOGON_ALLOWED_ADDRESSES");
    }
  }

  @Test
  void anIpv4MappedIpv6LiteralIsCheckedAsTheIpv4AddressItIs() {
    AllowedDestinations allowed = AllowedDestinations.parse("10.0.0.0/8", null);

    assertThat(admit(allowed, "::ffff:10.0.0.9", 22)).isEqualTo("10.0.0.9");
  }

  @Test
  void ipv6NetworksAllowTheirAddressesOnly() {
    AllowedDestinations allowed = AllowedDestinations.parse("fd12:3456::/32,2001:db8::1", null);

    assertThat(admit(allowed, "fd12:3456:ffff::9", 22)).isEqualTo("fd12:3456:ffff:0:0:0:0:9");
    assertThat(admit(allowed, "2001:db8::1", 22)).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(admit(allowed, "v6.internal", 22)).isEqualTo("fd12:3456:0:0:0:0:0:1");
    assertThatThrownBy(() -> admit(allowed, "fd12:3457::1", 22)).isInstanceOf(AddressNotAllowedException.class);
    assertThatThrownBy(() -> admit(allowed, "2001:db8::2", 22)).isInstanceOf(AddressNotAllowedException.class);
    assertThatThrownBy(() -> admit(allowed, "10.1.2.3", 22)).isInstanceOf(AddressNotAllowedException.class);
  }

  @Test
  void aNameIsAllowedOnlyIfEveryAddressItResolvesToIs() {
    AllowedDestinations allowed = AllowedDestinations.parse("10.0.0.0/8", null);

    InetAddress web = allowed.admit("web.internal", 22, RESOLVER);
    assertThat(web.getHostAddress()).isEqualTo("10.1.2.3");
    assertThat(web.getHostName()).as("connects to the checked address, keeping the name").isEqualTo("web.internal");
    assertThatThrownBy(() -> admit(allowed, "split.internal", 22))
        .isInstanceOf(AddressNotAllowedException.class)
        .hasMessage("split.internal:22 is not in ECSLOGON_ALLOWED_ADDRESSES (where the operator may connect);"
            + " nothing was connected")
        .as("what the name resolved to stays out of status").message().doesNotContain("169.254", "10.1.2.5");
  }

  @Test
  void aNameThatDoesNotResolveIsRefusedLikeOneOutsideTheList() {
    AllowedDestinations allowed = AllowedDestinations.parse("10.0.0.0/8", null);

    assertThatThrownBy(() -> admit(allowed, "nowhere.internal", 22))
        .isInstanceOf(AddressNotAllowedException.class)
        .hasMessage("nowhere.internal:22 is not in ECSLOGON_ALLOWED_ADDRESSES (where the operator may connect);"
            + " nothing was connected");
  }

  @Test
  void aListedHostNameStandsForTheAddressesItResolvesTo() {
    AllowedDestinations allowed = AllowedDestinations.parse("Bastion.Example.com.", null);

    assertThat(admit(allowed, "bastion.example.com", 22)).isEqualTo("203.0.113.7");
    assertThat(admit(allowed, "203.0.113.7", 22)).isEqualTo("203.0.113.7");
    assertThat(admit(allowed, "alias.attacker.test", 22)).as("another name for the same address").isEqualTo("203.0.113.7");
    assertThatThrownBy(() -> admit(allowed, "wide.attacker.test", 22)).isInstanceOf(AddressNotAllowedException.class);
    assertThatThrownBy(() -> admit(allowed, "10.1.2.3", 22)).isInstanceOf(AddressNotAllowedException.class);
  }

  @Test
  void portsOutsideTheListAreRefusedBeforeAnyLookup() {
    AllowedDestinations allowed = AllowedDestinations.parse(null, "22, 2200-2299");
    HostResolver noLookups = host -> {
      throw new AssertionError("resolved " + host);
    };

    assertThat(admit(allowed, "10.1.2.3", 2299)).isEqualTo("10.1.2.3");
    assertThat(admit(allowed, "10.1.2.3", 22)).isEqualTo("10.1.2.3");
    assertThatThrownBy(() -> allowed.admit("web.internal", 6443, noLookups))
        .isInstanceOf(AddressNotAllowedException.class)
        .hasMessage("port 6443 of web.internal:6443 is not in ECSLOGON_ALLOWED_PORTS (the ports the operator may"
            + " connect to); nothing was connected");
    assertThat(allowed).hasToString("addresses=any ports=22,2200-2299");
  }

  @Test
  void theStartUpLineShowsTheList() {
    assertThat(AllowedDestinations.parse("10.0.0.0/8,fd00::/8,bastion.example.com", "22"))
        .hasToString("addresses=10.0.0.0/8,fd00:0:0:0:0:0:0:0/8,bastion.example.com ports=22");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.1.0.0/8", "300.1.1.1", "10.0.0.0/", "10.0.0.0/x", "fd00::/129",
      "*.example.com", "10.0.0.0/8;rm", "exa_mple.com", "fe80::1%eth0"})
  void malformedAddressesStopTheOperatorNamingTheSettingAndEntry(String entry) {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.ALLOWED_ADDRESSES,
        "10.0.0.0/8," + entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ECSLOGON_ALLOWED_ADDRESSES: '" + entry + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "22-21", "ssh", "22-", "-22"})
  void malformedPortsStopTheOperatorNamingTheSettingAndEntry(String entry) {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.ALLOWED_PORTS, "22," + entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ECSLOGON_ALLOWED_PORTS: '" + entry + "'");
  }

  @Test
  void theOperatorConfigReadsBothSettings() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(OperatorConfig.ALLOWED_ADDRESSES, "10.0.0.0/8",
        OperatorConfig.ALLOWED_PORTS, "22"));

    assertThat(config.allowedDestinations()).hasToString("addresses=10.0.0.0/8 ports=22");
    assertThat(config.toString()).contains("addresses=10.0.0.0/8 ports=22");
    assertThat(OperatorConfig.defaults().allowedDestinations().allowsEveryAddress()).isTrue();
  }

  private static String admit(AllowedDestinations allowed, String host, int port) {
    return allowed.admit(host, port, RESOLVER).getHostAddress();
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    if (Cidr.looksLikeCidr(host)) {
      return InetAddress.getAllByName(host);
    }
    List<String> addresses = DNS.get(host.toLowerCase());
    if (addresses == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] resolved = new InetAddress[addresses.size()];
    for (int i = 0; i < resolved.length; i++) {
      resolved[i] = InetAddress.getByName(addresses.get(i));
    }
    return resolved;
  }
}
