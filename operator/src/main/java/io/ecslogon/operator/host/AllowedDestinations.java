package io.ecslogon.operator.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the operator may open SSH connections: an allow-list of networks, host names and ports set
 * by whoever runs the operator. Whoever may create an EcsInstance chooses its address; without this
 * list they could make the operator connect anywhere its pod can reach and read in status whether
 * something listens there.
 *
 * <p>An address is checked as the IP addresses it resolves to, all of them, resolved once per
 * connection attempt; the connection then goes to the checked address, so DNS cannot answer
 * differently between the check and the connect. A host name in the list stands for the addresses
 * it resolves to at that moment, not for the name: a name that resolves elsewhere (an author's
 * ExternalName Service, say) gains nothing by sounding right.
 */
public final class AllowedDestinations {
  public static final String ADDRESSES_SETTING = "ECSLOGON_ALLOWED_ADDRESSES";
  public static final String PORTS_SETTING = "ECSLOGON_ALLOWED_PORTS";

  private static final Logger LOG = LoggerFactory.getLogger(AllowedDestinations.class);
  private static final Pattern HOST_NAME = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

  /** Empty networks and names together mean any address. */
  private final List<Cidr> networks;
  private final List<String> hostNames;
  private final AllowedPorts ports;

  private AllowedDestinations(List<Cidr> networks, List<String> hostNames, AllowedPorts ports) {
    this.networks = List.copyOf(networks);
    this.hostNames = List.copyOf(hostNames);
    this.ports = ports;
  }

  /** No restriction: the default of the plain jar, so existing installations keep working. */
  public static AllowedDestinations everything() {
    return new AllowedDestinations(List.of(), List.of(), AllowedPorts.all());
  }

  /**
   * Reads both settings; {@code null} or blank means no restriction of that kind. Anything it
   * cannot read is an {@link IllegalArgumentException} naming the setting and the entry, so the
   * operator stops at start-up instead of guessing.
   */
  public static AllowedDestinations parse(String addresses, String portList) {
    List<Cidr> networks = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String entry : entries(addresses)) {
      if (Cidr.looksLikeCidr(entry)) {
        networks.add(setting(ADDRESSES_SETTING, () -> Cidr.parse(entry)));
      } else if (HOST_NAME.matcher(entry).matches()) {
        names.add(canonical(entry));
      } else {
        throw new IllegalArgumentException(ADDRESSES_SETTING + ": '" + entry + "' is neither a CIDR (10.0.0.0/8,"
            + " fd00::/8), an IP address nor a host name (bastion.example.com; no wildcards)");
      }
    }
    AllowedPorts ports = entries(portList).isEmpty() ? AllowedPorts.all()
        : setting(PORTS_SETTING, () -> AllowedPorts.parse(portList));
    return new AllowedDestinations(networks, names, ports);
  }

  public boolean allowsEveryAddress() {
    return networks.isEmpty() && hostNames.isEmpty();
  }

  /**
   * The address to connect to for {@code host} and {@code port}, once every address {@code host}
   * resolves to is allowed; it carries {@code host} as its name, so nothing looks it up again.
   *
   * @throws AddressNotAllowedException before any socket is opened, when the port or an address is
   *     outside the list
   * @throws HostUnreachableException when {@code host} does not resolve and every address is allowed
   */
  InetAddress admit(String host, int port, HostResolver resolver) {
    String endpoint = SshTarget.endpoint(host, port);
    if (!ports.allows(port)) {
      throw new AddressNotAllowedException("port " + port + " of " + endpoint + " is not in " + PORTS_SETTING
          + " (the ports the operator may connect to); nothing was connected");
    }
    InetAddress[] resolved;
    try {
      resolved = resolver.resolve(host);
    } catch (UnknownHostException e) {
      if (allowsEveryAddress()) {
        throw new HostUnreachableException("cannot reach " + endpoint + ": unknown host", null);
      }
      // Refused like an address outside the list: "does not resolve" would tell an author which
      // names exist in the operator's DNS.
      LOG.info("refused {}: the name does not resolve, so it cannot be shown to be in {}", endpoint,
          ADDRESSES_SETTING);
      throw refused(endpoint);
    }
    if (!allowsEveryAddress()) {
      List<InetAddress> allowedByName = addressesOfAllowedNames(resolver);
      Optional<InetAddress> outside = Arrays.stream(resolved)
          .filter(address -> networks.stream().noneMatch(network -> network.contains(address))
              && allowedByName.stream().noneMatch(address::equals))
          .findFirst();
      if (outside.isPresent()) {
        LOG.info("refused {}: it resolves to {}, which is not in {}", endpoint, outside.get().getHostAddress(),
            ADDRESSES_SETTING);
        throw refused(endpoint);
      }
    }
    try {
      return InetAddress.getByAddress(host, resolved[0].getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + resolved[0].getAddress().length + " bytes", e);
    }
  }

  private List<InetAddress> addressesOfAllowedNames(HostResolver resolver) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String name : hostNames) {
      try {
        addresses.addAll(Arrays.asList(resolver.resolve(name)));
      } catch (UnknownHostException e) {
        LOG.warn("{} lists {}, which does not resolve; it allows nothing until it does", ADDRESSES_SETTING, name);
      }
    }
    return addresses;
  }

  private static AddressNotAllowedException refused(String endpoint) {
    return new AddressNotAllowedException(endpoint + " is not in " + ADDRESSES_SETTING
        + " (where the operator may connect); nothing was connected");
  }

  private static List<String> entries(String list) {
    return list == null ? List.of()
        : Arrays.stream(list.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
  }

  private static String canonical(String hostName) {
    String lower = hostName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static <T> T setting(String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** For the start-up log line. */
  @Override
  public String toString() {
    String addresses = allowsEveryAddress() ? "any"
        : Stream.concat(networks.stream().map(Cidr::toString), hostNames.stream()).collect(Collectors.joining(","));
    return "addresses=" + addresses + " ports=" + (ports.allowsAll() ? "any" : ports.toString());
  }
}
