package io.ecslogon.operator.host;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * Opens verified, authenticated SSH connections, only to {@link AllowedDestinations}: the address is
 * resolved and checked first, and the socket goes to the checked address; only the algorithms of
 * {@link SshAlgorithmPolicy} are offered. The connections it opens share one pool of stream threads
 * (per running command one each for stdout and stderr, and one for stdin when it has input), idle
 * ones ending after a minute; their number follows the commands running at once, which the
 * reconcile threads bound.
 */
public class SshConnector {
  private final Duration connectTimeout;
  private final CommandLimits limits;
  private final HostMetrics metrics;
  private final AllowedDestinations allowed;
  private final HostResolver resolver;
  private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "ecslogon-ssh-streams");
    thread.setDaemon(true);
    return thread;
  });

  /** Connects anywhere: for tests of the host layer itself. */
  public SshConnector(Duration connectTimeout, CommandLimits limits, HostMetrics metrics) {
    this(connectTimeout, limits, metrics, AllowedDestinations.everything(), HostResolver.SYSTEM);
  }

  public SshConnector(Duration connectTimeout, CommandLimits limits, HostMetrics metrics,
      AllowedDestinations allowed, HostResolver resolver) {
    this.connectTimeout = connectTimeout;
    this.limits = limits;
    this.metrics = metrics;
    this.allowed = allowed;
    this.resolver = resolver;
  }

  public SshConnection connect(SshTarget target) {
    long start = System.nanoTime();
    String outcome = "failed";
    try {
      SshConnection connection = open(target);
      outcome = "connected";
      return connection;
    } catch (HostKeyMismatchException e) {
      outcome = "host-key-refused";
      throw e;
    } catch (AlgorithmsRefusedException e) {
      outcome = "algorithms-refused";
      throw e;
    } catch (AuthenticationFailedException e) {
      outcome = "auth-failed";
      throw e;
    } catch (HostUnreachableException e) {
      outcome = "unreachable";
      throw e;
    } catch (AddressNotAllowedException e) {
      outcome = "not-allowed";
      throw e;
    } finally {
      metrics.connected(Duration.ofNanos(System.nanoTime() - start), outcome);
    }
  }

  /**
   * Whether the allow-list lets the operator reach {@code host:port} at all, without connecting:
   * for work that reaches the instance another way first (through the cloud), which must not go
   * where SSH may not.
   *
   * @throws AddressNotAllowedException when it is outside the list
   */
  public void admit(String host, int port) {
    allowed.admit(host, port, resolver);
  }

  private SshConnection open(SshTarget target) {
    InetAddress address = allowed.admit(target.address(), target.port(), resolver);
    SSHClient client = new SSHClient(SshAlgorithmPolicy.config());
    HostKeyCheck hostKeyCheck = new HostKeyCheck(target.expectedHostKey());
    client.addHostKeyVerifier(hostKeyCheck);
    client.setConnectTimeout((int) connectTimeout.toMillis());
    client.setTimeout((int) limits.timeout().toMillis());
    KeyProvider keys = keyOf(client, target);
    try {
      client.connect(address, target.port());
    } catch (IOException e) {
      closeQuietly(client);
      if (hostKeyCheck.refused()) {
        throw new HostKeyMismatchException(target.endpoint(), hostKeyCheck.expected(), hostKeyCheck.presented());
      }
      Optional<AlgorithmsRefusedException> refused = AlgorithmsRefusedException.from(target.endpoint(), e);
      if (refused.isPresent()) {
        throw refused.get();
      }
      throw new HostUnreachableException("cannot reach " + target.endpoint() + ": " + describe(e), e);
    }
    try {
      authenticate(client, target, keys);
    } catch (UserAuthException e) {
      closeQuietly(client);
      throw new AuthenticationFailedException(target.endpoint() + " refused the credentials of user "
          + target.user() + " (" + target.credentials().getClass().getSimpleName() + ")", null);
    } catch (TransportException e) {
      closeQuietly(client);
      throw new HostUnreachableException("connection to " + target.endpoint() + " dropped while authenticating: " + describe(e), e);
    } catch (IOException e) {
      closeQuietly(client);
      // An encrypted OpenSSH key may only be decrypted here, where a wrong passphrase shows.
      throw keyUnreadable(target);
    }
    client.getConnection().getKeepAlive().setKeepAliveInterval(30);
    // sshj's own waits on a channel (opening, closing, window space for stdin) end with the command
    // deadline too, not after sshj's default 30 s.
    client.getConnection().setTimeoutMs((int) limits.timeout().toMillis());
    return new SshConnection(client, target, hostKeyCheck.presented(), limits, streams, metrics);
  }

  /**
   * The admin key, read before anything is dialled: a Secret holding garbage must not open a
   * connection to the instance (sshj reads a key lazily, so its public half is asked for here).
   */
  private static KeyProvider keyOf(SSHClient client, SshTarget target) {
    if (!(target.credentials() instanceof Credentials.PrivateKey key)) {
      return null;
    }
    try {
      KeyProvider keys = client.loadKeys(new String(key.privateKey()), null,
          key.passphrase() == null ? null : PasswordUtils.createOneOff(key.passphrase()));
      keys.getPublic();
      return keys;
    } catch (IOException | RuntimeException e) {
      throw keyUnreadable(target);
    }
  }

  /** Deliberately without the cause: a key parser's message could quote the key. */
  private static AuthenticationFailedException keyUnreadable(SshTarget target) {
    return new AuthenticationFailedException("the admin private key for " + target.endpoint()
        + " could not be read (not an OpenSSH or PEM private key, or a wrong passphrase)", null);
  }

  private static void authenticate(SSHClient client, SshTarget target, KeyProvider keys) throws IOException {
    if (keys != null) {
      client.authPublickey(target.user(), keys);
    } else if (target.credentials() instanceof Credentials.Password password) {
      client.authPassword(target.user(), password.password().clone());
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // Nothing useful to add to the error being reported.
    }
  }
}
