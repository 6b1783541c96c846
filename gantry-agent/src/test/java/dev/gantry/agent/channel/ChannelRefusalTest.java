package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers to a poll end the agent's polling, and which of those a restart cannot mend. */
class ChannelRefusalTest {
  @ParameterizedTest(name = "HTTP {0} {1}: ends polling {2}, terminal {3}")
  @CsvSource(nullValues = "none", value = {
      "400, ClientException, true, true",
      "400, AccessDeniedException, true, true",
      "400, ClusterNotFoundException, true, true",
      "403, UnrecognizedClientException, true, true",
      "400, InvalidParameterException, true, false",
      "400, ThrottlingException, false, false",
      "500, ServerException, false, false",
      "503, none, false, false",
      "400, none, false, false",
      "403, InvalidSignatureException, false, false",
      "500, ClientException, false, false"})
  void classifies(int status, String type, boolean endsPolling, boolean terminal) {
    ChannelRefusal refusal = new ChannelRefusal(status, Optional.ofNullable(type), "the test's refusal");

    assertThat(refusal.endsPolling()).as("ends polling").isEqualTo(endsPolling);
    assertThat(refusal.terminal()).as("terminal").isEqualTo(terminal);
  }

  @ParameterizedTest(name = "X-Amzn-ErrorType \"{0}\" is {1}")
  @CsvSource(nullValues = "none", value = {
      "ClientException, ClientException",
      "'ClientException:http://internal.amazon.com/coral/com.amazonaws.ecs/', ClientException",
      "' ', none",
      "none, none"})
  void readsTheErrorTypeHeader(String header, String type) {
    assertThat(ChannelRefusal.typeOf(Optional.ofNullable(header))).isEqualTo(Optional.ofNullable(type));
  }
}
