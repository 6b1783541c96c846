package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DeleteAttributesRequest;
import dev.gantry.model.DeleteAttributesResponse;
import dev.gantry.model.DescribeContainerInstancesRequest;
import dev.gantry.model.DescribeContainerInstancesResponse;
import dev.gantry.model.ListAttributesRequest;
import dev.gantry.model.ListAttributesResponse;
import dev.gantry.model.PutAttributesRequest;
import dev.gantry.model.PutAttributesResponse;
import dev.gantry.model.TargetType;
import dev.gantry.server.api.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttributeHandlerTest {
  private final ClusterOpsFixture f = new ClusterOpsFixture();
  private ContainerInstance one;
  private ContainerInstance two;

  @BeforeEach
  void instances() {
    f.createCluster("web");
    one = f.register("web", "host-1");
    two = f.register("web", "host-2");
  }

  private static Attribute attr(String name, String value, String target) {
    return Attribute.builder().name(name).value(value).targetId(target).build();
  }

  private PutAttributesResponse put(Attribute... attributes) {
    return f.call("PutAttributes", PutAttributesRequest.builder().cluster("web").attributes(List.of(attributes))
        .build());
  }

  private DeleteAttributesResponse delete(Attribute... attributes) {
    return f.call("DeleteAttributes", DeleteAttributesRequest.builder().cluster("web")
        .attributes(List.of(attributes)).build());
  }

  private ListAttributesResponse list(ListAttributesRequest.Builder request) {
    return f.call("ListAttributes", request.cluster("web").targetType(TargetType.CONTAINER_INSTANCE).build());
  }

  private List<Attribute> attributesOf(ContainerInstance ci) {
    DescribeContainerInstancesResponse r = f.call("DescribeContainerInstances", DescribeContainerInstancesRequest
        .builder().cluster("web").containerInstances(List.of(ci.containerInstanceArn())).build());
    return r.containerInstances().getFirst().attributes();
  }

  @Test
  void putEchoesTheAttributesAndStoresThemOnTheInstances() {
    Attribute byArn = attr("stack", "prod", one.containerInstanceArn());
    Attribute byId = attr("team", "a@b", ContainerInstances.id(two)).toBuilder()
        .targetType(TargetType.CONTAINER_INSTANCE).build();

    PutAttributesResponse r = put(byArn, byId);

    assertThat(r.attributes()).containsExactly(byArn, byId);
    assertThat(attributesOf(one)).contains(Attribute.builder().name("stack").value("prod").build());
    assertThat(attributesOf(two)).contains(Attribute.builder().name("team").value("a@b").build());
  }

  @Test
  void putReplacesTheValueOfAnExistingAttribute() {
    put(attr("stack", "prod", one.containerInstanceArn()));

    put(attr("stack", "test", one.containerInstanceArn()));

    assertThat(attributesOf(one)).filteredOn(a -> a.name().equals("stack"))
        .containsExactly(Attribute.builder().name("stack").value("test").build());
  }

  @Test
  void anInstanceTakesAtMostTenCustomAttributes() {
    for (int i = 0; i < 10; i += 5) {
      int from = i;
      put(IntStream.range(from, from + 5).mapToObj(n -> attr("c" + n, "v", one.containerInstanceArn()))
          .toArray(Attribute[]::new));
    }
    put(attr("c0", "changed", one.containerInstanceArn()));

    var e = ecsError(ErrorType.AttributeLimitExceededException,
        () -> put(attr("c10", "v", one.containerInstanceArn())));

    assertThat(e.getMessage()).contains("11 custom attributes");
    assertThat(attributesOf(one)).extracting(Attribute::name).doesNotContain("c10");
  }

  @Test
  void aFailedPutChangesNoInstance() {
    ecsError(ErrorType.TargetNotFoundException, () -> put(attr("stack", "prod", one.containerInstanceArn()),
        attr("stack", "prod", "arn:aws:ecs:eu-west-1:123456789012:container-instance/web/ffff")));

    assertThat(attributesOf(one)).extracting(Attribute::name).doesNotContain("stack");
  }

  static Stream<Arguments> invalidPuts() {
    return Stream.of(
        Arguments.of("a short id without targetType", ErrorType.InvalidParameterException,
            attr("a", "b", "abcd"), "without targetType"),
        Arguments.of("no targetId", ErrorType.InvalidParameterException, attr("a", "b", null), "no targetId"),
        Arguments.of("an unknown instance", ErrorType.TargetNotFoundException,
            attr("a", "b", "abcd").toBuilder().targetType(TargetType.CONTAINER_INSTANCE).build(), "'abcd'"),
        Arguments.of("an instance of another cluster", ErrorType.TargetNotFoundException,
            attr("a", "b", "arn:aws:ecs:eu-west-1:123456789012:container-instance/db/abcd"), "cluster 'web'"),
        Arguments.of("a name with a colon", ErrorType.InvalidParameterException, attr("a:b", "c", "x"), "'a:b'"),
        Arguments.of("a name of 129 characters", ErrorType.InvalidParameterException,
            attr("n".repeat(129), "c", "x"), "1 to 128"),
        Arguments.of("a value starting with a space", ErrorType.InvalidParameterException,
            attr("a", " c", "x"), "' c'"),
        Arguments.of("an empty value", ErrorType.InvalidParameterException, attr("a", "", "x"), "value ''"),
        Arguments.of("a built-in name", ErrorType.InvalidParameterException,
            attr("ecs.os-type", "linux", "x"), "built-in"),
        Arguments.of("Gantry's own attribute the fencing deadline relies on", ErrorType.InvalidParameterException,
            attr("gantry.container-stop-timeout", "1", "x"), "built-in"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidPuts")
  void putRejectsInvalidAttributes(String why, ErrorType type, Attribute attribute, String messagePart) {
    var e = ecsError(type, () -> put(attribute));

    assertThat(e.getMessage()).contains(messagePart);
  }

  @Test
  void putTakesAtMostTenAttributesPerCall() {
    Attribute[] eleven = IntStream.range(0, 11).mapToObj(n -> attr("c" + n, "v", one.containerInstanceArn()))
        .toArray(Attribute[]::new);

    var e = ecsError(ErrorType.InvalidParameterException, () -> put(eleven));

    assertThat(e.getMessage()).contains("1 to 10");
  }

  @Test
  void deleteRemovesAttributesByNameAndEchoesThem() {
    put(attr("stack", "prod", one.containerInstanceArn()), attr("team", "x", one.containerInstanceArn()));
    Attribute gone = attr("stack", null, one.containerInstanceArn());

    DeleteAttributesResponse r = delete(gone);

    assertThat(r.attributes()).containsExactly(gone);
    assertThat(attributesOf(one)).extracting(Attribute::name).doesNotContain("stack").contains("team");
  }

  @Test
  void deleteCannotRemoveTheAgentsOwnAttributes() {
    var e = ecsError(ErrorType.InvalidParameterException,
        () -> delete(attr("gantry.container-stop-timeout", null, one.containerInstanceArn())));

    assertThat(e.getMessage()).contains("'gantry.container-stop-timeout'").contains("built-in");
  }

  @Test
  void deleteOfAnUnknownTargetIsTargetNotFound() {
    ecsError(ErrorType.TargetNotFoundException, () -> delete(attr("stack", null,
        "arn:aws:ecs:eu-west-1:123456789012:container-instance/web/ffff")));
  }

  @Test
  void listReturnsEveryAttributeWithItsInstanceArn() {
    put(attr("stack", "prod", one.containerInstanceArn()), attr("stack", "test", two.containerInstanceArn()));

    ListAttributesResponse byName = list(ListAttributesRequest.builder().attributeName("stack"));
    ListAttributesResponse byValue = list(ListAttributesRequest.builder().attributeName("stack")
        .attributeValue("prod"));

    assertThat(byName.attributes()).containsExactlyInAnyOrder(attr("stack", "prod", one.containerInstanceArn()),
        attr("stack", "test", two.containerInstanceArn()));
    assertThat(byValue.attributes()).containsExactly(attr("stack", "prod", one.containerInstanceArn()));
  }

  @Test
  void listIncludesBuiltInAttributes() {
    ListAttributesResponse r = list(ListAttributesRequest.builder().attributeName("ecs.instance-type"));

    assertThat(r.attributes()).extracting(Attribute::targetId)
        .containsExactlyInAnyOrder(one.containerInstanceArn(), two.containerInstanceArn());
  }

  @Test
  void listPagesAttributeByAttributeAcrossInstances() {
    put(attr("a", "1", one.containerInstanceArn()), attr("b", "2", one.containerInstanceArn()),
        attr("a", "3", two.containerInstanceArn()));
    List<Attribute> all = list(ListAttributesRequest.builder()).attributes();

    List<Attribute> seen = new ArrayList<>();
    String token = null;
    do {
      ListAttributesResponse page = list(ListAttributesRequest.builder().maxResults(1).nextToken(token));
      assertThat(page.attributes()).hasSizeLessThanOrEqualTo(1);
      seen.addAll(page.attributes());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).containsExactlyElementsOf(all);
    assertThat(all).hasSize(2 * 2 + 3);
  }

  static Stream<Arguments> invalidLists() {
    return Stream.of(
        Arguments.of("no targetType", ListAttributesRequest.builder().cluster("web"), "targetType is required"),
        Arguments.of("a value without a name", ListAttributesRequest.builder().cluster("web")
            .targetType(TargetType.CONTAINER_INSTANCE).attributeValue("x"), "needs attributeName"),
        Arguments.of("a foreign nextToken", ListAttributesRequest.builder().cluster("web")
            .targetType(TargetType.CONTAINER_INSTANCE).nextToken("bm90IGEgdG9rZW4"), "nextToken"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidLists")
  void listRejectsInvalidRequests(String why, ListAttributesRequest.Builder request, String messagePart) {
    var e = ecsError(ErrorType.InvalidParameterException, () -> f.call("ListAttributes", request.build()));

    assertThat(e.getMessage()).contains(messagePart);
  }
}
