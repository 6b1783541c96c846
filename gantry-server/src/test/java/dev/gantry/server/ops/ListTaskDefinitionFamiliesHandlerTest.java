package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionFamiliesRequest;
import dev.gantry.model.ListTaskDefinitionFamiliesResponse;
import dev.gantry.model.TaskDefinitionFamilyStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ListTaskDefinitionFamiliesHandlerTest {
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @BeforeEach
  void registerFamilies() {
    // api: one ACTIVE of two; web: ACTIVE; web-old: all INACTIVE; web-gone: all DELETE_IN_PROGRESS
    fx.register("api");
    fx.register("api");
    fx.deregister("api:1");
    fx.register("web");
    fx.register("web-old");
    fx.deregister("web-old:1");
    fx.register("web-gone");
    fx.deregister("web-gone:1");
    fx.call("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of("web-gone:1"))
        .build());
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of("everything by default", null, null, List.of("api", "web", "web-gone", "web-old")),
        Arguments.of("ALL", null, TaskDefinitionFamilyStatus.ALL, List.of("api", "web", "web-gone", "web-old")),
        Arguments.of("ACTIVE", null, TaskDefinitionFamilyStatus.ACTIVE, List.of("api", "web")),
        Arguments.of("INACTIVE", null, TaskDefinitionFamilyStatus.INACTIVE, List.of("web-gone", "web-old")),
        Arguments.of("prefix web", "web", null, List.of("web", "web-gone", "web-old")),
        Arguments.of("prefix web- inactive", "web-", TaskDefinitionFamilyStatus.INACTIVE,
            List.of("web-gone", "web-old")),
        Arguments.of("prefix with a slash", "web/", null, List.of()),
        Arguments.of("prefix matching nothing", "zzz", null, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void listsTheFamiliesThatMatch(String name, String prefix, TaskDefinitionFamilyStatus status,
      List<String> expected) {
    ListTaskDefinitionFamiliesResponse response = fx.call("ListTaskDefinitionFamilies",
        ListTaskDefinitionFamiliesRequest.builder().familyPrefix(prefix).status(status).build());

    assertThat(response.families()).isEqualTo(expected);
    assertThat(response.nextToken()).isNull();
  }

  @Test
  void aFamilyBecomesActiveAgainWhenARevisionIsRegistered() {
    fx.register("web-old");

    ListTaskDefinitionFamiliesResponse response = fx.call("ListTaskDefinitionFamilies",
        ListTaskDefinitionFamiliesRequest.builder().status(TaskDefinitionFamilyStatus.ACTIVE).build());

    assertThat(response.families()).containsExactly("api", "web", "web-old");
  }

  @Test
  void pagesThroughFamilies() {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ListTaskDefinitionFamiliesResponse page = fx.call("ListTaskDefinitionFamilies",
          ListTaskDefinitionFamiliesRequest.builder().maxResults(1).nextToken(token).build());
      seen.addAll(page.families());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).containsExactly("api", "web", "web-gone", "web-old");
  }
}
