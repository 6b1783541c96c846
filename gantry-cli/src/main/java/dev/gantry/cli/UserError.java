package dev.gantry.cli;

/**
 * A failure the user can fix (bad setup, port taken, unreadable file): {@link Main} prints only
 * the message, no stack trace, and exits with {@link #exitCode()}.
 */
final class UserError extends RuntimeException {
  private final int exitCode;

  UserError(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
