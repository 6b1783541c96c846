package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskDefinitionFixture.ARN_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionsResponse;
import dev.gantry.model.SortOrder;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ListTaskDefinitionsHandlerTest {
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @BeforeEach
  void registerFamilies() {
    // api:1 api:2(INACTIVE) web:1..web:10 web2:1(INACTIVE) web2:2(DELETE_IN_PROGRESS)
    fx.register("api");
    fx.register("api");
    fx.deregister("api:2");
    for (int i = 0; i < 10; i++) {
      fx.register("web");
    }
    fx.register("web2");
    fx.register("web2");
    fx.deregister("web2:1");
    fx.deregister("web2:2");
    fx.call("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of("web2:2")).build());
  }

  private static List<String> arns(String... familyRevisions) {
    return Arrays.stream(familyRevisions).map(s -> ARN_PREFIX + s).toList();
  }

  private ListTaskDefinitionsResponse list(ListTaskDefinitionsRequest request) {
    return fx.call("ListTaskDefinitions", request);
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of("family web ascending by number", "web", null, null,
            arns("web:1", "web:2", "web:3", "web:4", "web:5", "web:6", "web:7", "web:8", "web:9", "web:10")),
        Arguments.of("family web descending", "web", null, SortOrder.DESC,
            arns("web:10", "web:9", "web:8", "web:7", "web:6", "web:5", "web:4", "web:3", "web:2", "web:1")),
        Arguments.of("a family prefix is a whole family name", "we", null, null, List.of()),
        Arguments.of("inactive revisions", null, TaskDefinitionStatus.INACTIVE, null, arns("api:2", "web2:1")),
        Arguments.of("inactive revisions descending", null, TaskDefinitionStatus.INACTIVE, SortOrder.DESC,
            arns("web2:1", "api:2")),
        Arguments.of("revisions being deleted", null, TaskDefinitionStatus.DELETE_IN_PROGRESS, null, arns("web2:2")),
        Arguments.of("active revisions of api", "api", TaskDefinitionStatus.ACTIVE, null, arns("api:1")),
        Arguments.of("a prefix that is no family name", "we/b", null, null, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void listsTheArnsThatMatch(String name, String family, TaskDefinitionStatus status, SortOrder sort,
      List<String> expected) {
    ListTaskDefinitionsResponse response = list(ListTaskDefinitionsRequest.builder()
        .familyPrefix(family).status(status).sort(sort).build());

    assertThat(response.taskDefinitionArns()).isEqualTo(expected);
    assertThat(response.nextToken()).isNull();
  }

  @Test
  void listsActiveRevisionsOfAllFamiliesByDefault() {
    assertThat(list(ListTaskDefinitionsRequest.builder().build()).taskDefinitionArns())
        .startsWith(ARN_PREFIX + "api:1", ARN_PREFIX + "web:1")
        .hasSize(11)
        .allMatch(arn -> !arn.contains("web2"));
  }

  @Test
  void pagesThroughEveryActiveRevisionExactlyOnce() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListTaskDefinitionsResponse page = list(ListTaskDefinitionsRequest.builder().maxResults(4).nextToken(token)
          .build());
      assertThat(page.taskDefinitionArns()).hasSizeLessThanOrEqualTo(4);
      seen.addAll(page.taskDefinitionArns());
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(seen).isEqualTo(list(ListTaskDefinitionsRequest.builder().build()).taskDefinitionArns());
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void pagesBackwardsThroughOneFamily() {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ListTaskDefinitionsResponse page = list(ListTaskDefinitionsRequest.builder().familyPrefix("web")
          .sort(SortOrder.DESC).maxResults(3).nextToken(token).build());
      seen.addAll(page.taskDefinitionArns());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).isEqualTo(arns("web:10", "web:9", "web:8", "web:7", "web:6", "web:5", "web:4", "web:3",
        "web:2", "web:1"));
  }

  @Test
  void rejectsMaxResultsOutOfRange() {
    assertThatThrownBy(() -> list(ListTaskDefinitionsRequest.builder().maxResults(101).build()))
        .isInstanceOfSatisfying(EcsException.class,
            e -> assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException))
        .hasMessageContaining("maxResults 101");
  }

  @Test
  void rejectsATokenOfAnotherFamily() {
    String token = list(ListTaskDefinitionsRequest.builder().familyPrefix("web").maxResults(1).build()).nextToken();

    assertThatThrownBy(() -> list(ListTaskDefinitionsRequest.builder().familyPrefix("api").nextToken(token).build()))
        .isInstanceOfSatisfying(EcsException.class,
            e -> assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException))
        .hasMessageContaining("nextToken");
  }
}
