package dev.gantry.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** Which registration failures the agent retries, and which end it with the ECS agent's terminal status. */
class RegistrationErrorsTest {
  private static <T extends AwsServiceException.Builder> AwsServiceException answer(T builder, int status,
      String code) {
    return builder.statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
        .errorMessage(code + " for the test").build()).build();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("no answer at all (cut off, server down)", SdkClientException.create("Unable to execute HTTP "
            + "request: Connection refused"), true, false),
        Arguments.of("ServerException", answer(ServerException.builder(), 500, "ServerException"), true, false),
        Arguments.of("a 503 from whatever answers", answer(EcsException.builder(), 503, "ServiceUnavailable"), true,
            false),
        Arguments.of("ThrottlingException", answer(EcsException.builder(), 400, "ThrottlingException"), true, false),
        Arguments.of("ClientException", answer(ClientException.builder(), 400, "ClientException"), false, true),
        Arguments.of("InvalidParameterException", answer(InvalidParameterException.builder(), 400,
            "InvalidParameterException"), false, true),
        Arguments.of("ClusterNotFoundException", answer(ClusterNotFoundException.builder(), 400,
            "ClusterNotFoundException"), false, true),
        Arguments.of("AccessDeniedException", answer(AccessDeniedException.builder(), 400, "AccessDeniedException"),
            false, true),
        Arguments.of("keys the server does not know", answer(EcsException.builder(), 403,
            "UnrecognizedClientException"), false, true),
        Arguments.of("a deregistered instance (the refusal wrapped with what to do)", new IllegalStateException(
            "Container instance x was deregistered", answer(ClientException.builder(), 400, "ClientException")),
            false, true),
        Arguments.of("the ARN file cannot be written (no answer involved)", new UncheckedIOException(
            new java.io.IOException("No space left on device")), false, false));
  }

  @ParameterizedTest(name = "{0}: passing {2}, refused {3}")
  @MethodSource("failures")
  void classifies(String what, RuntimeException failure, boolean passing, boolean refused) {
    assertThat(RegistrationErrors.passing(failure)).as("passing").isEqualTo(passing);
    assertThat(RegistrationErrors.refused(failure)).as("refused").isEqualTo(refused);
  }
}
