package io.ecslogon.operator.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is the
 * network of just that address. Parsed without any DNS lookup. Bits set after the prefix are
 * refused rather than masked: in an allow-list, {@code 10.1.0.0/8} is far more likely a typo for
 * {@code /16} than a wish to allow all of 10/8.
 */
record Cidr(byte[] network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");

  /** Whether {@code text} looks like an IP literal or a CIDR rather than a host name. */
  static boolean looksLikeCidr(String text) {
    String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
    return text.contains("/") || IPV4.matcher(address).matches() || IPV6.matcher(address).matches();
  }

  /** The network {@code text} names, or an {@link IllegalArgumentException} saying what is wrong with it. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = literal(address)
        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or CIDR"));
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      prefix = PREFIX.matcher(length).matches() ? Integer.parseInt(length) : -1;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
      }
    }
    Cidr cidr = new Cidr(bytes, prefix);
    if (!cidr.masked(bytes)) {
      throw new IllegalArgumentException("'" + text + "' has bits set after its /" + prefix
          + " prefix; write the network address");
    }
    return cidr;
  }

  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      if (bitAt(candidate, bit) != bitAt(network, bit)) {
        return false;
      }
    }
    return true;
  }

  private boolean masked(byte[] address) {
    for (int bit = prefix; bit < address.length * 8; bit++) {
      if (bitAt(address, bit) != 0) {
        return false;
      }
    }
    return true;
  }

  private static int bitAt(byte[] bytes, int bit) {
    return (bytes[bit / 8] >> (7 - bit % 8)) & 1;
  }

  /** The bytes of an IP literal, checked by pattern first so that nothing here ever asks DNS. */
  private static Optional<byte[]> literal(String address) {
    if (IPV4.matcher(address).matches()) {
      for (String octet : address.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return Optional.empty();
        }
      }
    } else if (!IPV6.matcher(address).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr && cidr.prefix == prefix && Arrays.equals(cidr.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }
}
