package dev.gantry.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read with a size limit, so that a huge or endless body costs neither memory
 * nor the connection. A body over the limit is read on and thrown away up to a drain budget
 * (the client is usually still writing it, and answering mid-upload would reset the
 * connection before it reads the answer); past that budget the connection must be closed.
 */
sealed interface RequestBody {

  /** The whole body, within the limit. */
  record Complete(byte[] bytes) implements RequestBody {}

  /**
   * Over the limit. {@code size} is the full length when known (declared or counted while
   * draining), else -1; {@code drained} says whether the connection can carry another request.
   */
  record TooLarge(long size, boolean drained) implements RequestBody {}

  /** Reads from {@code in}; {@code declaredLength} is Content-Length, or -1 when not given (chunked). */
  static RequestBody read(InputStream in, long declaredLength, int limit, long drainBudget) throws IOException {
    if (declaredLength > limit) {
      long drained = drain(in, drainBudget);
      return new TooLarge(declaredLength, drained >= declaredLength);
    }
    if (declaredLength >= 0) {
      byte[] bytes = in.readNBytes((int) declaredLength);
      if (bytes.length < declaredLength) {
        throw new IOException("request body ended after " + bytes.length + " of " + declaredLength + " bytes");
      }
      return new Complete(bytes);
    }
    byte[] buf = new byte[Math.min(limit + 1, 8192)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n > limit) {
          long more = drain(in, drainBudget);
          boolean ended = more < drainBudget || in.read() < 0;
          return new TooLarge(ended ? n + more : -1, ended);
        }
        buf = Arrays.copyOf(buf, Math.min(limit + 1, buf.length * 2));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return new Complete(n == buf.length ? buf : Arrays.copyOf(buf, n));
      }
      n += r;
    }
  }

  /** Reads and discards up to {@code budget} bytes; the number of bytes discarded. */
  private static long drain(InputStream in, long budget) throws IOException {
    byte[] scratch = new byte[16384];
    long total = 0;
    while (total < budget) {
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, budget - total));
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }
}
