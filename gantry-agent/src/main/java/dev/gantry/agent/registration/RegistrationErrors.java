package dev.gantry.agent.registration;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which registration failures are worth trying again. No answer (a host cut off, a server
 * restarting), a throttled call and a server-side error are passing; every other answer is the
 * server refusing this request as it stands (a deregistered instance, an unknown cluster, keys
 * it does not accept, a malformed attribute), and asking again forever would hide that. The ECS
 * agent draws the same line: it retries the first kind and exits for the second.
 */
public final class RegistrationErrors {
  private RegistrationErrors() {}

  /** True when {@code failure} may pass by itself, so registering again later can succeed. */
  public static boolean passing(RuntimeException failure) {
    if (failure instanceof SdkClientException) {
      return true;
    }
    if (failure instanceof AwsServiceException answer) {
      return answer.isThrottlingException() || answer.statusCode() >= 500;
    }
    return false;
  }

  /**
   * True when the server answered {@code failure} with a refusal that asking again will not
   * change (also when the answer is wrapped, as for a deregistered instance): the agent then
   * exits with {@link dev.gantry.agent.AgentFailure#TERMINAL_EXIT_STATUS}.
   */
  public static boolean refused(RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException answer) {
        return !passing(answer);
      }
    }
    return false;
  }
}
