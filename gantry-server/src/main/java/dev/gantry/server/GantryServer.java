package dev.gantry.server;

import java.net.URI;

/** Placeholder: the protocol work fills this in (store + operations + HTTP). */
public final class GantryServer implements AutoCloseable {
  private GantryServer() {}

  /** Opens the store under {@code config.dataDir()}, binds {@code config.listen()}, serves. */
  public static GantryServer start(ServerConfig config) {
    throw new UnsupportedOperationException("not yet");
  }

  /** http://host:port of the bound listener (the real port when 0 was asked for). */
  public URI endpoint() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Stops accepting, lets in-flight requests finish briefly, closes the store. */
  @Override
  public void close() {}
}
