package io.ecslogon.operator.testing.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Copies one direction of a proxied connection, honouring the stall and the direction's byte budget. */
final class Pump implements Runnable {
  private static final int CHUNK = 16 * 1024;

  private final Socket from;
  private final Socket to;
  private final ByteBudget budget;
  private final Stall stall;
  private final ProxiedConnection connection;

  Pump(Socket from, Socket to, ByteBudget budget, Stall stall, ProxiedConnection connection) {
    this.from = from;
    this.to = to;
    this.budget = budget;
    this.stall = stall;
    this.connection = connection;
  }

  @Override
  public void run() {
    try {
      copy();
    } catch (IOException e) {
      connection.abort(); // a reset or error on one side is passed on as a reset of the other
    } catch (InterruptedException e) {
      connection.abort();
      Thread.currentThread().interrupt();
    } finally {
      connection.pumpFinished();
    }
  }

  private void copy() throws IOException, InterruptedException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    byte[] chunk = new byte[CHUNK];
    while (true) {
      int read = in.read(chunk);
      // A stalled network holds back the end of a stream too, not just bytes; bytes already read wait here.
      if (!stall.awaitFlowing(connection::isOpen)) {
        return;
      }
      if (read < 0) {
        to.shutdownOutput(); // half-close, as the sender did; the other direction goes on
        return;
      }
      out.write(chunk, 0, budget.take(read));
      if (budget.exhausted()) {
        connection.cut(ConnectionCut.TRUNCATED);
        return;
      }
    }
  }
}
