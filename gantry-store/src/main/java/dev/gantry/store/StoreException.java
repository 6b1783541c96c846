package dev.gantry.store;

/** The store could not do what was asked (I/O failure, closed store, compacted history). */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
