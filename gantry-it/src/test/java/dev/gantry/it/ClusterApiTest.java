package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterContainsContainerInstancesException;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Tag;

class ClusterApiTest extends ApiTestBase {

  @Test
  void creatingAClusterTwiceReturnsTheSameCluster() {
    Cluster first = ecs.createCluster(r -> r.clusterName("alpha")).cluster();
    Cluster second = ecs.createCluster(r -> r.clusterName("alpha")).cluster();
    assertThat(first.clusterArn()).isEqualTo(arn("cluster", "alpha"));
    assertThat(second.clusterArn()).isEqualTo(first.clusterArn());
    assertThat(second.status()).isEqualTo("ACTIVE");
    assertThat(ecs.listClusters().clusterArns()).containsOnlyOnce(first.clusterArn());
  }

  @Test
  void describingMissingClustersReportsThemAsFailures() {
    ecs.createCluster(r -> r.clusterName("beta"));
    DescribeClustersResponse r = ecs.describeClusters(q -> q.clusters("beta", arn("cluster", "nope")));
    assertThat(r.clusters()).extracting(Cluster::clusterName).containsExactly("beta");
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.arn()).isEqualTo(arn("cluster", "nope"));
      assertThat(f.reason()).isEqualTo("MISSING");
    });
  }

  @Test
  void describeIncludesStatisticsTagsAndSettingsOnRequest() {
    ecs.createCluster(r -> r.clusterName("gamma").tags(Tag.builder().key("team").value("ops").build())
        .settings(ClusterSetting.builder().name(ClusterSettingName.CONTAINER_INSIGHTS).value("enabled").build()));
    Cluster plain = ecs.describeClusters(r -> r.clusters("gamma")).clusters().getFirst();
    assertThat(plain.tags()).isEmpty();
    Cluster full = ecs.describeClusters(r -> r.clusters("gamma")
        .include(ClusterField.TAGS, ClusterField.SETTINGS, ClusterField.STATISTICS)).clusters().getFirst();
    assertThat(full.tags()).containsExactly(Tag.builder().key("team").value("ops").build());
    assertThat(full.settings()).anySatisfy(s -> assertThat(s.value()).isEqualTo("enabled"));
    assertThat(full.registeredContainerInstancesCount()).isZero();
  }

  @Test
  void listClustersPagesThroughEveryCluster() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = "page-" + i;
      created.add(ecs.createCluster(r -> r.clusterName(name)).cluster().clusterArn());
    }
    var firstPage = ecs.listClusters(r -> r.maxResults(3));
    assertThat(firstPage.clusterArns()).hasSize(3);
    assertThat(firstPage.nextToken()).isNotBlank();
    List<String> all = ecs.listClustersPaginator(r -> r.maxResults(3)).clusterArns().stream().toList();
    assertThat(all).containsAll(created).doesNotHaveDuplicates();
  }

  @Test
  void aClusterWithRegisteredInstancesCannotBeDeletedUntilTheyLeave() {
    ecs.createCluster(r -> r.clusterName("delta"));
    String instance = ecs.registerContainerInstance(r -> r.cluster("delta")
        .instanceIdentityDocument("{\"instanceId\":\"i-delta\",\"availabilityZone\":\"us-east-1a\",\"instanceType\":\"m5.large\"}")
        .totalResources(Resources.cpuAndMemory(2048, 4096)))
        .containerInstance().containerInstanceArn();
    assertThatThrownBy(() -> ecs.deleteCluster(r -> r.cluster("delta")))
        .isInstanceOf(ClusterContainsContainerInstancesException.class);
    ecs.deregisterContainerInstance(r -> r.cluster("delta").containerInstance(instance).force(true));
    Cluster deleted = ecs.deleteCluster(r -> r.cluster("delta")).cluster();
    assertThat(deleted.status()).isEqualTo("INACTIVE");
    assertThat(ecs.listClusters().clusterArns()).doesNotContain(arn("cluster", "delta"));
    assertThat(ecs.describeClusters(r -> r.clusters("delta")).clusters().getFirst().status())
        .isEqualTo("INACTIVE");
  }

  @Test
  void clusterSettingsCanBeUpdated() {
    ecs.createCluster(r -> r.clusterName("epsilon"));
    ClusterSetting enabled = ClusterSetting.builder().name(ClusterSettingName.CONTAINER_INSIGHTS).value("enabled").build();
    assertThat(ecs.updateClusterSettings(r -> r.cluster("epsilon").settings(enabled)).cluster().settings())
        .contains(enabled);
    ClusterSetting disabled = enabled.toBuilder().value("disabled").build();
    assertThat(ecs.updateCluster(r -> r.cluster("epsilon").settings(disabled)).cluster().settings())
        .contains(disabled);
  }

  @Test
  void operationsOnAMissingClusterFailWithClusterNotFound() {
    assertThatThrownBy(() -> ecs.updateClusterSettings(r -> r.cluster("missing")
        .settings(ClusterSetting.builder().name(ClusterSettingName.CONTAINER_INSIGHTS).value("enabled").build())))
        .isInstanceOf(ClusterNotFoundException.class);
    assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("missing")))
        .isInstanceOf(ClusterNotFoundException.class);
  }

  @Test
  void capacityProvidersAreNotSupportedButAnEmptySetIsAccepted() {
    ecs.createCluster(r -> r.clusterName("zeta"));
    assertThat(ecs.putClusterCapacityProviders(r -> r.cluster("zeta").capacityProviders(List.of())
        .defaultCapacityProviderStrategy(List.of())).cluster().clusterName()).isEqualTo("zeta");
    assertThatThrownBy(() -> ecs.putClusterCapacityProviders(r -> r.cluster("zeta").capacityProviders("FARGATE")
        .defaultCapacityProviderStrategy(List.of())))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("FARGATE");
  }

  @Test
  void anInvalidClusterNameIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName("bad name!")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("bad name!");
  }
}
