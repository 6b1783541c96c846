package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.testkit.ValidatingEcsClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Requests the server must refuse before any operation runs, as the real SDK sees them. */
class CredentialsApiTest extends ApiTestBase {

  private void assertRefused(String keyId, String secret, String errorCode) {
    try (ValidatingEcsClient stranger = ValidatingEcsClient.create(server.endpoint(), keyId, secret)) {
      assertThatThrownBy(() -> stranger.ecs().listClusters())
          .isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
            assertThat(e.statusCode()).isEqualTo(400);
          });
      stranger.assertNoProblems();
      assertThat(stranger.validator().validatedCount()).isEqualTo(1);
    }
  }

  @Test
  void aRequestSignedWithTheWrongSecretIsAnInvalidSignature() {
    assertRefused(accessKeyId, secretAccessKey + "x", "InvalidSignatureException");
  }

  @Test
  void anUnknownAccessKeyIsAnUnrecognizedClient() {
    assertRefused("AKIAUNKNOWN000000000", secretAccessKey, "UnrecognizedClientException");
  }

  @Test
  void theRightCredentialsStillWorkAfterRefusals() {
    assertRefused("AKIAUNKNOWN000000001", "whatever", "UnrecognizedClientException");
    assertThat(ecs.listClusters().clusterArns()).isNotNull();
  }
}
