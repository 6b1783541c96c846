package dev.gantry.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorValidationTest {
  private final ServiceModelValidator validator = new ServiceModelValidator();

  record ErrorResponse(String name, String operation, int status, Map<String, List<String>> headers, String body) {
    static ErrorResponse of(String name, String operation, int status, String header, String body) {
      return new ErrorResponse(name, operation, status,
          header == null ? Map.of() : Map.of("X-Amzn-ErrorType", List.of(header)), body);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ErrorResponse> validErrors() {
    return Stream.of(
        ErrorResponse.of("declared error", "DescribeServices", 400, "ClusterNotFoundException",
            "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found: staging\"}"),
        ErrorResponse.of("server fault at 500", "DescribeClusters", 500, "ServerException",
            "{\"__type\":\"ServerException\",\"message\":\"The store is unavailable; retry\"}"),
        ErrorResponse.of("unknown operation", "DescribeWidgets", 400, "UnknownOperationException",
            "{\"__type\":\"UnknownOperationException\",\"message\":\"DescribeWidgets is not an ECS operation\"}"),
        ErrorResponse.of("header with a suffix", "DescribeClusters", 400,
            "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            "{\"__type\":\"UnrecognizedClientException\",\"message\":\"The security token is not valid\"}"),
        new ErrorResponse("header name in lower case", "ListClusters", 400,
            Map.of("x-amzn-errortype", List.of("InvalidParameterException")),
            "{\"__type\":\"InvalidParameterException\",\"message\":\"maxResults 0 is below 1\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validErrors")
  void acceptsWellFormedErrors(ErrorResponse error) {
    assertThat(validator.validateError(error.operation(), error.status(), error.headers(), error.body().getBytes(UTF_8)))
        .isEmpty();
  }

  record Defect(ErrorResponse response, String expected) {
    @Override
    public String toString() {
      return response.name();
    }
  }

  static Stream<Defect> defects() {
    return Stream.of(
        new Defect(ErrorResponse.of("error type the model lacks", "DescribeClusters", 400, "NoSuchClusterException",
            "{\"__type\":\"NoSuchClusterException\",\"message\":\"no cluster\"}"),
            "$.__type: \"NoSuchClusterException\" is not an error shape of the model nor a common AWS JSON error"),
        new Defect(ErrorResponse.of("a structure that is no error", "DescribeClusters", 400, "Cluster",
            "{\"__type\":\"Cluster\",\"message\":\"no cluster\"}"),
            "$.__type: \"Cluster\" is not an error shape"),
        new Defect(ErrorResponse.of("error the operation does not declare", "DescribeClusters", 400,
            "ClusterNotFoundException", "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found\"}"),
            "$.__type: ClusterNotFoundException is not an error that DescribeClusters declares (declared: "),
        new Defect(ErrorResponse.of("model error for an unknown operation", "DescribeWidgets", 400, "ClientException",
            "{\"__type\":\"ClientException\",\"message\":\"bad\"}"),
            "$.__type: ClientException is not an error that DescribeWidgets declares"),
        new Defect(ErrorResponse.of("header disagrees with __type", "ListClusters", 400, "ClientException",
            "{\"__type\":\"InvalidParameterException\",\"message\":\"maxResults 0 is below 1\"}"),
            "header X-Amzn-ErrorType: \"ClientException\" does not match __type InvalidParameterException"),
        new Defect(ErrorResponse.of("header missing", "ListClusters", 400, null,
            "{\"__type\":\"InvalidParameterException\",\"message\":\"maxResults 0 is below 1\"}"),
            "header X-Amzn-ErrorType: missing; expected InvalidParameterException"),
        new Defect(ErrorResponse.of("server fault at 400", "DescribeClusters", 400, "ServerException",
            "{\"__type\":\"ServerException\",\"message\":\"boom\"}"),
            "HTTP status 400 for ServerException; expected 500"),
        new Defect(ErrorResponse.of("client error at 404", "UpdateService", 404, "ServiceNotFoundException",
            "{\"__type\":\"ServiceNotFoundException\",\"message\":\"Service not found: web\"}"),
            "HTTP status 404 for ServiceNotFoundException; expected 400"),
        new Defect(ErrorResponse.of("no __type", "ListClusters", 400, "ClientException",
            "{\"message\":\"bad\"}"), "$.__type: missing"),
        new Defect(ErrorResponse.of("no message", "ListClusters", 400, "ClientException",
            "{\"__type\":\"ClientException\"}"), "$: missing member message"),
        new Defect(ErrorResponse.of("blank message", "ListClusters", 400, "ClientException",
            "{\"__type\":\"ClientException\",\"message\":\" \"}"), "$.message: blank"),
        new Defect(ErrorResponse.of("capitalised Message", "ListClusters", 400, "ClientException",
            "{\"__type\":\"ClientException\",\"message\":\"bad\",\"Message\":\"bad\"}"),
            "$.Message: unknown member of ClientException"),
        new Defect(ErrorResponse.of("extra member on a protocol error", "ListClusters", 400, "ThrottlingException",
            "{\"__type\":\"ThrottlingException\",\"message\":\"slow down\",\"retryAfter\":3}"),
            "$.retryAfter: unknown member of a protocol error"),
        new Defect(ErrorResponse.of("body not an object", "ListClusters", 400, "ClientException", "\"bad\""),
            "$: an error body must be a JSON object, got string \"bad\""),
        new Defect(ErrorResponse.of("empty body", "ListClusters", 400, "ClientException", ""),
            "$: the body is empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void reportsEachErrorDefectOnce(Defect defect) {
    ErrorResponse error = defect.response();

    List<String> problems = validator.validateError(error.operation(), error.status(), error.headers(),
        error.body().getBytes(UTF_8));

    assertThat(problems).singleElement(STRING).startsWith(defect.expected());
  }
}
