package dev.gantry.agent.docker;

/** The Docker Engine could not be reached or refused a call; the message names the engine and the call. */
public final class DockerEngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;

  public DockerEngineException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** The HTTP status the engine answered with, or 0 when there was no answer. */
  public int statusCode() {
    return statusCode;
  }
}
