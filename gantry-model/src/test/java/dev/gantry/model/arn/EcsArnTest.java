package dev.gantry.model.arn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EcsArnTest {
  private final ArnFormat format = new ArnFormat("us-east-1", "000000000000");

  @Test
  void everyFormattedArnParsesBackToItsParts() {
    assertThat(EcsArn.parse(format.cluster("prod")))
        .contains(new EcsArn.Cluster("us-east-1", "000000000000", "prod"));
    assertThat(EcsArn.parse(format.taskDefinition("web", 12)))
        .contains(new EcsArn.TaskDefinition("us-east-1", "000000000000", "web", 12));
    assertThat(EcsArn.parse(format.containerInstance("prod", "abc123")))
        .contains(new EcsArn.ContainerInstance("us-east-1", "000000000000", Optional.of("prod"), "abc123"));
    assertThat(EcsArn.parse(format.task("prod", "t1")))
        .contains(new EcsArn.Task("us-east-1", "000000000000", Optional.of("prod"), "t1"));
    assertThat(EcsArn.parse(format.service("prod", "api")))
        .contains(new EcsArn.Service("us-east-1", "000000000000", "prod", "api"));
  }

  @Test
  void oldContainerInstanceArnsWithoutClusterAreAccepted() {
    assertThat(EcsArn.parse("arn:aws:ecs:eu-west-1:123456789012:container-instance/0f0e"))
        .contains(new EcsArn.ContainerInstance("eu-west-1", "123456789012", Optional.empty(), "0f0e"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "arn:aws:s3:::bucket", "arn:aws:ecs:us-east-1:12:cluster/x",
      "arn:aws:ecs:us-east-1:000000000000:cluster/", "arn:aws:ecs:us-east-1:000000000000:cluster/a/b",
      "arn:aws:ecs:us-east-1:000000000000:task-definition/web", "arn:aws:ecs:us-east-1:000000000000:task-definition/web:0",
      "arn:aws:ecs:us-east-1:000000000000:widget/x", "arn:aws:ecs:us-east-1:000000000000:task-definition/web:99999999999"})
  void malformedArnsAreNotParsed(String text) {
    assertThat(EcsArn.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"web,web,", "web:3,web,3", "arn:aws:ecs:us-west-2:111111111111:task-definition/api_v2:40,api_v2,40"})
  void taskDefinitionsAreNamedByFamilyFamilyRevisionOrArn(String text, String family, Integer revision) {
    assertThat(TaskDefinitionRef.parse(text)).contains(
        new TaskDefinitionRef(family, revision == null ? OptionalInt.empty() : OptionalInt.of(revision)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"web:", "web:0", "we b", ":3", "arn:aws:ecs:us-east-1:000000000000:cluster/web"})
  void otherTaskDefinitionReferencesAreRejected(String text) {
    assertThat(TaskDefinitionRef.parse(text)).isEmpty();
  }

  @Test
  void clustersAreNamedByNameOrArnAndDefaultWhenAbsent() {
    assertThat(ClusterRef.name(null)).contains("default");
    assertThat(ClusterRef.name("prod")).contains("prod");
    assertThat(ClusterRef.name(format.cluster("prod"))).contains("prod");
    assertThat(ClusterRef.name("bad name")).isEmpty();
    assertThat(ClusterRef.name(format.service("prod", "x"))).isEmpty();
  }
}
