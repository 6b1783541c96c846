package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskDefinitionFixture.ARN_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionFamiliesRequest;
import dev.gantry.model.ListTaskDefinitionFamiliesResponse;
import dev.gantry.model.ListTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionsResponse;
import dev.gantry.model.SortOrder;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ListTaskDefinitions orders by family name and then revision, as ECS does, even where the
 * revision keys sort otherwise ("web-x" keys sort before "web" keys), and pages exactly.
 */
class ListTaskDefinitionsOrderTest {
  private static final List<String> ACTIVE = arns("a:1", "web:1", "web:2", "web-x:1", "webz:1", "webz:2");
  private static final List<String> INACTIVE = arns("a:2", "web:3", "web_y:1");
  private static final List<String> DELETE_IN_PROGRESS = arns("web_y:2");

  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @BeforeEach
  void registerFamilies() {
    // Registered out of name order on purpose.
    fx.register("webz");
    fx.register("webz");
    fx.register("web-x");
    fx.register("web_y");
    fx.register("web_y");
    fx.deregister("web_y:1");
    fx.deregister("web_y:2");
    fx.call("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of("web_y:2"))
        .build());
    fx.register("web");
    fx.register("web");
    fx.register("web");
    fx.deregister("web:3");
    fx.register("a");
    fx.register("a");
    fx.deregister("a:2");
  }

  private static List<String> arns(String... familyRevisions) {
    return Arrays.stream(familyRevisions).map(s -> ARN_PREFIX + s).toList();
  }

  private static List<String> reversed(List<String> list) {
    return list.reversed();
  }

  private ListTaskDefinitionsResponse list(ListTaskDefinitionsRequest.Builder request) {
    return fx.call("ListTaskDefinitions", request.build());
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of("active ascending", null, null, ACTIVE),
        Arguments.of("active descending", null, SortOrder.DESC, reversed(ACTIVE)),
        Arguments.of("explicit ASC", TaskDefinitionStatus.ACTIVE, SortOrder.ASC, ACTIVE),
        Arguments.of("inactive ascending", TaskDefinitionStatus.INACTIVE, null, INACTIVE),
        Arguments.of("inactive descending", TaskDefinitionStatus.INACTIVE, SortOrder.DESC, reversed(INACTIVE)),
        Arguments.of("being deleted", TaskDefinitionStatus.DELETE_IN_PROGRESS, null, DELETE_IN_PROGRESS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orders")
  void listsByFamilyNameThenRevision(String name, TaskDefinitionStatus status, SortOrder sort,
      List<String> expected) {
    ListTaskDefinitionsResponse response = list(ListTaskDefinitionsRequest.builder().status(status).sort(sort));

    assertThat(response.taskDefinitionArns()).isEqualTo(expected);
    assertThat(response.nextToken()).isNull();
  }

  static Stream<Arguments> pagings() {
    return Stream.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)
        .flatMap(status -> Stream.of(SortOrder.ASC, SortOrder.DESC)
            .flatMap(sort -> IntStream.rangeClosed(1, 7).mapToObj(max -> Arguments.of(status, sort, max))));
  }

  @ParameterizedTest(name = "{0} {1} by {2}")
  @MethodSource("pagings")
  void pagesAcrossFamilyBoundariesWithoutGapsOrRepeats(TaskDefinitionStatus status, SortOrder sort, int maxResults) {
    List<String> all = status == TaskDefinitionStatus.ACTIVE ? ACTIVE : INACTIVE;
    List<String> expected = sort == SortOrder.DESC ? reversed(all) : all;

    List<List<String>> pages = pages(ListTaskDefinitionsRequest.builder().status(status).sort(sort)
        .maxResults(maxResults));

    assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(expected);
    assertThat(pages).hasSize((expected.size() + maxResults - 1) / maxResults)
        .allSatisfy(page -> assertThat(page).isNotEmpty().hasSizeLessThanOrEqualTo(maxResults));
  }

  /** Every page of a listing from the start; the request's nextToken is replaced page by page. */
  private List<List<String>> pages(ListTaskDefinitionsRequest.Builder request) {
    return pages(request, null);
  }

  /** Every page of a listing from {@code token} on. */
  private List<List<String>> pages(ListTaskDefinitionsRequest.Builder request, String token) {
    List<List<String>> pages = new ArrayList<>();
    do {
      ListTaskDefinitionsResponse page = list(request.nextToken(token));
      pages.add(page.taskDefinitionArns());
      token = page.nextToken();
    } while (token != null);
    return pages;
  }

  @Test
  void revisionsAndFamiliesAddedBetweenPagesDoNotShiftTheAscendingListing() {
    ListTaskDefinitionsResponse first = list(ListTaskDefinitionsRequest.builder().maxResults(2));
    assertThat(first.taskDefinitionArns()).isEqualTo(arns("a:1", "web:1"));

    fx.register("web");    // web:4, after the position: listed
    fx.register("a");      // a:3, in a family already passed: not listed
    fx.register("b");      // a family before the position: not listed
    fx.register("web-a");  // a family between web and web-x: listed

    List<List<String>> rest = pages(ListTaskDefinitionsRequest.builder().maxResults(2), first.nextToken());
    assertThat(rest.stream().flatMap(List::stream).toList())
        .isEqualTo(arns("web:2", "web:4", "web-a:1", "web-x:1", "webz:1", "webz:2"));
  }

  @Test
  void revisionsAndFamiliesAddedBetweenPagesDoNotShiftTheDescendingListing() {
    ListTaskDefinitionsResponse first = list(ListTaskDefinitionsRequest.builder().sort(SortOrder.DESC).maxResults(2));
    assertThat(first.taskDefinitionArns()).isEqualTo(arns("webz:2", "webz:1"));

    fx.register("webz");   // webz:3, above the position: not listed
    fx.register("web-x");  // web-x:2, in a family still ahead: listed
    fx.register("web-b");  // a family between web-x and web: listed
    fx.register("zz");     // a family already passed: not listed

    ListTaskDefinitionsResponse second = list(ListTaskDefinitionsRequest.builder().sort(SortOrder.DESC).maxResults(2)
        .nextToken(first.nextToken()));
    assertThat(second.taskDefinitionArns()).isEqualTo(arns("web-x:2", "web-x:1"));
    List<List<String>> rest = pages(ListTaskDefinitionsRequest.builder().sort(SortOrder.DESC).maxResults(2),
        second.nextToken());
    assertThat(rest.stream().flatMap(List::stream).toList()).isEqualTo(arns("web-b:1", "web:2", "web:1", "a:1"));
  }

  @Test
  void aPageEndingOnTheLastRevisionOfAFamilyResumesAtTheNextFamily() {
    ListTaskDefinitionsResponse first = list(ListTaskDefinitionsRequest.builder().maxResults(3));
    assertThat(first.taskDefinitionArns()).isEqualTo(arns("a:1", "web:1", "web:2"));

    ListTaskDefinitionsResponse second = list(ListTaskDefinitionsRequest.builder().maxResults(3)
        .nextToken(first.nextToken()));

    assertThat(second.taskDefinitionArns()).isEqualTo(arns("web-x:1", "webz:1", "webz:2"));
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void aTokenOfTheWholeListingIsRefusedForOneFamily() {
    String token = list(ListTaskDefinitionsRequest.builder().maxResults(2)).nextToken();

    assertThatThrownBy(() -> list(ListTaskDefinitionsRequest.builder().familyPrefix("webz").nextToken(token)))
        .isInstanceOfSatisfying(EcsException.class,
            e -> assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException))
        .hasMessageContaining("nextToken");
  }

  static Stream<Arguments> foreignTokens() {
    return Stream.of(
        Arguments.of("not base64", "%%%"),
        Arguments.of("a token of another listing", Pagination.token("g1:", "/taskdefs/web/0000000001")),
        Arguments.of("a position that is no revision key", Pagination.token("td1:", "/taskdefs/web")),
        Arguments.of("a family name with a slash", Pagination.token("td1:", "/taskdefs/a/b/0000000001")));
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("foreignTokens")
  void refusesATokenItDidNotIssue(String why, String token) {
    assertThatThrownBy(() -> list(ListTaskDefinitionsRequest.builder().nextToken(token)))
        .isInstanceOfSatisfying(EcsException.class,
            e -> assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException))
        .hasMessageContaining("nextToken");
  }

  @Test
  void familiesAreListedInNameOrderToo() {
    ListTaskDefinitionFamiliesResponse response = fx.call("ListTaskDefinitionFamilies",
        ListTaskDefinitionFamiliesRequest.builder().build());

    assertThat(response.families()).containsExactly("a", "web", "web-x", "web_y", "webz");
  }
}
