package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

class TaskDefinitionApiTest extends ApiTestBase {

  private static RegisterTaskDefinitionRequest simple(String family) {
    return RegisterTaskDefinitionRequest.builder().family(family)
        .containerDefinitions(ContainerDefinition.builder().name("app").image("gantry-test/busybox").memory(64).build())
        .build();
  }

  @Test
  void theWindowsExampleRegistersAsRevisionOneThenTwoAndBothAreListed() {
    RegisterTaskDefinitionRequest invento = Examples.registerRequest("invento-windows.json");
    TaskDefinition first = ecs.registerTaskDefinition(invento).taskDefinition();
    TaskDefinition second = ecs.registerTaskDefinition(invento).taskDefinition();
    assertThat(first.revision()).isEqualTo(1);
    assertThat(second.revision()).isEqualTo(2);
    assertThat(first.taskDefinitionArn()).isEqualTo(arn("task-definition", invento.family() + ":1"));
    assertThat(second.containerDefinitions()).hasSameSizeAs(invento.containerDefinitions());
    assertThat(second.runtimePlatform()).isEqualTo(invento.runtimePlatform());
    assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix(invento.family())).taskDefinitionArns())
        .containsExactly(first.taskDefinitionArn(), second.taskDefinitionArn());
  }

  @Test
  void theLinuxAndIisExamplesRegister() {
    for (String example : List.of("web-linux.json", "iis-windows.json")) {
      RegisterTaskDefinitionRequest request = Examples.registerRequest(example);
      TaskDefinition registered = ecs.registerTaskDefinition(request).taskDefinition();
      assertThat(registered.family()).isEqualTo(request.family());
      assertThat(registered.statusAsString()).isEqualTo("ACTIVE");
    }
  }

  @Test
  void theWindowsExampleWithLinksIsRejectedNamingEachUnsupportedField() {
    assertThatThrownBy(() -> ecs.registerTaskDefinition(Examples.registerRequest("windows-with-links.invalid.json")))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("links")
        .hasMessageContaining("privileged");
  }

  @Test
  void aFamilyNamesItsLatestActiveRevisionAndOlderOnesStayDescribable() {
    for (int i = 0; i < 3; i++) {
      ecs.registerTaskDefinition(simple("lifecycle"));
    }
    assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("lifecycle")).taskDefinition().revision()).isEqualTo(3);
    TaskDefinition inactive = ecs.deregisterTaskDefinition(r -> r.taskDefinition("lifecycle:3")).taskDefinition();
    assertThat(inactive.statusAsString()).isEqualTo("INACTIVE");
    assertThat(inactive.deregisteredAt()).isNotNull();
    assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("lifecycle")).taskDefinition().revision()).isEqualTo(2);
    assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(arn("task-definition", "lifecycle:3")))
        .taskDefinition().statusAsString()).isEqualTo("INACTIVE");
    assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix("lifecycle").status(TaskDefinitionStatus.INACTIVE))
        .taskDefinitionArns()).containsExactly(arn("task-definition", "lifecycle:3"));
    assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix("lifecycle").sort(SortOrder.DESC)).taskDefinitionArns())
        .containsExactly(arn("task-definition", "lifecycle:2"), arn("task-definition", "lifecycle:1"));
  }

  @Test
  void onlyInactiveRevisionsCanBeDeleted() {
    ecs.registerTaskDefinition(simple("deletable"));
    ecs.registerTaskDefinition(simple("deletable"));
    ecs.deregisterTaskDefinition(r -> r.taskDefinition("deletable:1"));
    var response = ecs.deleteTaskDefinitions(r -> r.taskDefinitions("deletable:1", "deletable:2"));
    assertThat(response.taskDefinitions()).singleElement().satisfies(t -> {
      assertThat(t.revision()).isEqualTo(1);
      assertThat(t.statusAsString()).isEqualTo("DELETE_IN_PROGRESS");
    });
    assertThat(response.failures()).singleElement()
        .satisfies(f -> assertThat(f.arn()).isEqualTo(arn("task-definition", "deletable:2")));
    assertThat(ecs.registerTaskDefinition(simple("deletable")).taskDefinition().revision())
        .as("revisions are never reused").isEqualTo(3);
  }

  @Test
  void tagsAreReturnedOnlyWhenAskedFor() {
    ecs.registerTaskDefinition(simple("tagged").toBuilder().tags(Tag.builder().key("owner").value("web").build()).build());
    DescribeTaskDefinitionResponse plain = ecs.describeTaskDefinition(r -> r.taskDefinition("tagged"));
    assertThat(plain.tags()).isEmpty();
    DescribeTaskDefinitionResponse withTags = ecs.describeTaskDefinition(r -> r.taskDefinition("tagged")
        .include(TaskDefinitionField.TAGS));
    assertThat(withTags.tags()).containsExactly(Tag.builder().key("owner").value("web").build());
    String taskDefinitionArn = withTags.taskDefinition().taskDefinitionArn();
    ecs.tagResource(r -> r.resourceArn(taskDefinitionArn).tags(Tag.builder().key("tier").value("1").build()));
    assertThat(ecs.listTagsForResource(r -> r.resourceArn(taskDefinitionArn)).tags()).hasSize(2);
    ecs.untagResource(r -> r.resourceArn(taskDefinitionArn).tagKeys("owner"));
    assertThat(ecs.listTagsForResource(r -> r.resourceArn(taskDefinitionArn)).tags())
        .containsExactly(Tag.builder().key("tier").value("1").build());
  }

  @Test
  void familiesAreListedByStatus() {
    ecs.registerTaskDefinition(simple("fam-live"));
    ecs.registerTaskDefinition(simple("fam-gone"));
    ecs.deregisterTaskDefinition(r -> r.taskDefinition("fam-gone:1"));
    assertThat(ecs.listTaskDefinitionFamilies(r -> r.familyPrefix("fam-").status(TaskDefinitionFamilyStatus.ACTIVE))
        .families()).containsExactly("fam-live");
    assertThat(ecs.listTaskDefinitionFamilies(r -> r.familyPrefix("fam-")).families())
        .as("without a status, ECS lists ACTIVE and INACTIVE families").containsExactlyInAnyOrder("fam-live", "fam-gone");
    assertThat(ecs.listTaskDefinitionFamilies(r -> r.familyPrefix("fam-").status(TaskDefinitionFamilyStatus.INACTIVE))
        .families()).containsExactly("fam-gone");
    assertThat(ecs.listTaskDefinitionFamilies(r -> r.familyPrefix("fam-").status(TaskDefinitionFamilyStatus.ALL))
        .families()).containsExactlyInAnyOrder("fam-live", "fam-gone");
  }

  @Test
  void concurrentRegistrationsOfOneFamilyGetDistinctConsecutiveRevisions() throws Exception {
    int count = 40;
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Integer>> revisions = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        revisions.add(pool.submit(() -> ecs.registerTaskDefinition(simple("busy")).taskDefinition().revision()));
      }
      List<Integer> got = new java.util.ArrayList<>();
      for (Future<Integer> f : revisions) {
        got.add(f.get());
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList());
    }
    List<String> listed = ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix("busy").maxResults(7))
        .taskDefinitionArns().stream().toList();
    assertThat(listed).hasSize(count).doesNotHaveDuplicates();
  }

  @Test
  void describingAnUnknownTaskDefinitionIsAClientError() {
    assertThatThrownBy(() -> ecs.describeTaskDefinition(r -> r.taskDefinition("never-registered:4")))
        .isInstanceOf(ClientException.class);
  }
}
