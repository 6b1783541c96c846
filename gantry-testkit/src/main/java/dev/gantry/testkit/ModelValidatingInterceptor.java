package dev.gantry.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An AWS SDK v2 interceptor that validates every raw ECS response against the service model
 * before the SDK parses it, so a test with a real SDK client also proves the wire format.
 *
 * <p>It reads the whole response body, hands the SDK a fresh stream of the same bytes, takes the
 * operation from the request's {@code X-Amz-Target} header, and records problems (prefixed with
 * operation and HTTP status) instead of throwing, so the SDK call completes and the test decides
 * when to {@link #assertNoProblems()}. Also checks the response's Content-Type. Each attempt of a
 * retried call is validated. Thread-safe.
 */
public final class ModelValidatingInterceptor implements ExecutionInterceptor {
  static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

  private final ServiceModelValidator validator;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final AtomicInteger validated = new AtomicInteger();

  public ModelValidatingInterceptor() {
    this(new ServiceModelValidator());
  }

  public ModelValidatingInterceptor(ServiceModelValidator validator) {
    this.validator = validator;
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes executionAttributes) {
    byte[] body = context.responseBody().map(ModelValidatingInterceptor::readAll).orElse(new byte[0]);
    validate(context.httpRequest(), context.httpResponse(), body);
    return Optional.of(new ByteArrayInputStream(body));
  }

  private void validate(SdkHttpRequest request, SdkHttpResponse response, byte[] body) {
    int status = response.statusCode();
    Optional<String> target = request.firstMatchingHeader("X-Amz-Target");
    String prefix = validator.model().targetPrefix() + ".";
    if (target.isEmpty() || !target.get().startsWith(prefix)) {
      problems.add("HTTP " + status + " to " + request.getUri() + ": the request has no X-Amz-Target "
          + prefix + "<Operation> header (got " + target.orElse("none") + "), so the response was not validated");
      return;
    }
    String operation = target.get().substring(prefix.length());
    String label = operation + " (HTTP " + status + "): ";
    List<String> found = response.isSuccessful()
        ? validator.validateOutput(operation, body)
        : validator.validateError(operation, status, response.headers(), body);
    found.forEach(p -> problems.add(label + p));
    Optional<String> contentType = response.firstMatchingHeader("Content-Type");
    if (contentType.isEmpty() || !contentType.get().startsWith(JSON_CONTENT_TYPE)) {
      problems.add(label + "header Content-Type: " + contentType.map(c -> "\"" + c + "\"").orElse("missing")
          + "; expected " + JSON_CONTENT_TYPE);
    }
    validated.incrementAndGet();
  }

  /** Every problem found so far, oldest first. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** How many responses were validated (a test asserts this to know validation happened). */
  public int validatedCount() {
    return validated.get();
  }

  /** Throws an AssertionError listing every problem found so far, if any. */
  public void assertNoProblems() {
    List<String> found = problems();
    if (!found.isEmpty()) {
      throw new AssertionError(found.size() + " response(s) deviate from the ECS service model (of "
          + validatedCount() + " validated):\n  " + String.join("\n  ", found));
    }
  }

  /** Forgets problems and the count, e.g. between phases of a test. */
  public void reset() {
    problems.clear();
    validated.set(0);
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the response body to validate it", e);
    }
  }
}
