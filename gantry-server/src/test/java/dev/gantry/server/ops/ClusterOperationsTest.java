package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ARN_PREFIX;
import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Cluster;
import dev.gantry.model.ClusterConfiguration;
import dev.gantry.model.ClusterField;
import dev.gantry.model.ClusterServiceConnectDefaultsRequest;
import dev.gantry.model.ClusterSetting;
import dev.gantry.model.ClusterSettingName;
import dev.gantry.model.CreateClusterRequest;
import dev.gantry.model.CreateClusterResponse;
import dev.gantry.model.DeleteClusterRequest;
import dev.gantry.model.DeleteClusterResponse;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.DescribeClustersResponse;
import dev.gantry.model.ExecuteCommandConfiguration;
import dev.gantry.model.ExecuteCommandLogging;
import dev.gantry.model.Failure;
import dev.gantry.model.KeyValuePair;
import dev.gantry.model.LaunchType;
import dev.gantry.model.ListClustersRequest;
import dev.gantry.model.ListClustersResponse;
import dev.gantry.model.PutAccountSettingDefaultRequest;
import dev.gantry.model.PutClusterCapacityProvidersRequest;
import dev.gantry.model.PutClusterCapacityProvidersResponse;
import dev.gantry.model.Service;
import dev.gantry.model.SettingName;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.UpdateClusterRequest;
import dev.gantry.model.UpdateClusterResponse;
import dev.gantry.model.UpdateClusterSettingsRequest;
import dev.gantry.model.UpdateClusterSettingsResponse;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterOperationsTest {
  private final ClusterOpsFixture f = new ClusterOpsFixture();

  private static ClusterSetting insights(String value) {
    return ClusterSetting.builder().name(ClusterSettingName.CONTAINERINSIGHTS).value(value).build();
  }

  private DescribeClustersResponse describe(List<String> clusters, ClusterField... include) {
    return f.call("DescribeClusters", DescribeClustersRequest.builder().clusters(clusters).include(List.of(include))
        .build());
  }

  @Test
  void createsTheDefaultClusterWhenNoNameIsGiven() {
    CreateClusterResponse r = f.call("CreateCluster", CreateClusterRequest.builder().build());

    Cluster c = r.cluster();
    assertThat(c.clusterName()).isEqualTo("default");
    assertThat(c.clusterArn()).isEqualTo(ARN_PREFIX + "cluster/default");
    assertThat(c.status()).isEqualTo("ACTIVE");
    assertThat(c.settings()).containsExactly(insights("disabled"));
    assertThat(List.of(c.registeredContainerInstancesCount(), c.runningTasksCount(), c.pendingTasksCount(),
        c.activeServicesCount())).containsOnly(0);
    assertThat(c.statistics()).isEmpty();
    assertThat(c.tags()).isEmpty();
    assertThat(c.capacityProviders()).isEmpty();
  }

  @Test
  void createReturnsAnActiveClusterOfTheSameNameUnchanged() {
    f.call("CreateCluster", CreateClusterRequest.builder().clusterName("web")
        .tags(List.of(Tag.builder().key("team").value("a").build())).build());

    CreateClusterResponse again = f.call("CreateCluster", CreateClusterRequest.builder().clusterName("web")
        .tags(List.of(Tag.builder().key("team").value("b").build())).settings(List.of(insights("enabled"))).build());

    assertThat(again.cluster().tags()).containsExactly(Tag.builder().key("team").value("a").build());
    assertThat(again.cluster().settings()).containsExactly(insights("disabled"));
  }

  @Test
  void createMakesADeletedClusterActiveAgainFromTheNewRequest() {
    f.createCluster("web");
    f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("web").build());

    CreateClusterResponse r = f.call("CreateCluster", CreateClusterRequest.builder().clusterName("web")
        .settings(List.of(insights("enhanced"))).build());

    assertThat(r.cluster().status()).isEqualTo("ACTIVE");
    assertThat(r.cluster().settings()).containsExactly(insights("enhanced"));
    ListClustersResponse list = f.call("ListClusters", ListClustersRequest.builder().build());
    assertThat(list.clusterArns()).containsExactly(ARN_PREFIX + "cluster/web");
  }

  static Stream<Arguments> containerInsightsSources() {
    return Stream.of(
        Arguments.of("no account setting and no request setting", null, null, "disabled"),
        Arguments.of("the account default enabled", "enabled", null, "enabled"),
        Arguments.of("the account default enhanced", "enhanced", null, "enhanced"),
        Arguments.of("the account default disabled", "disabled", null, "disabled"),
        Arguments.of("an explicit disabled over the account default enabled", "enabled", "disabled", "disabled"),
        Arguments.of("an explicit enabled over no account setting", null, "enabled", "enabled"));
  }

  @ParameterizedTest(name = "{0} gives containerInsights {3}")
  @MethodSource("containerInsightsSources")
  void createTakesContainerInsightsFromTheRequestElseTheAccountSetting(String why, String accountDefault,
      String requested, String expected) {
    if (accountDefault != null) {
      new AccountSettingOperations(f.store, ClusterOpsFixture.SETTINGS).putAccountSettingDefault(
          PutAccountSettingDefaultRequest.builder().name(SettingName.CONTAINERINSIGHTS).value(accountDefault).build(),
          new CallContext(ClusterOpsFixture.ROOT, ClusterOpsFixture.NOW, "req-0"));
    }
    CreateClusterRequest.Builder request = CreateClusterRequest.builder().clusterName("web");
    if (requested != null) {
      request.settings(List.of(insights(requested)));
    }

    CreateClusterResponse created = f.call("CreateCluster", request.build());

    assertThat(created.cluster().settings()).containsExactly(insights(expected));
    assertThat(describe(List.of("web"), ClusterField.SETTINGS).clusters().getFirst().settings())
        .containsExactly(insights(expected));
  }

  static Stream<Arguments> invalidCreates() {
    return Stream.of(
        Arguments.of("a name with a space", CreateClusterRequest.builder().clusterName("my cluster"), "clusterName"),
        Arguments.of("a name of 256 characters", CreateClusterRequest.builder().clusterName("x".repeat(256)),
            "clusterName"),
        Arguments.of("an ARN as the name", CreateClusterRequest.builder().clusterName(ARN_PREFIX + "cluster/x"),
            "clusterName"),
        Arguments.of("an unknown containerInsights value", CreateClusterRequest.builder()
            .settings(List.of(insights("on"))), "'on'"),
        Arguments.of("a tag key with the aws: prefix", CreateClusterRequest.builder()
            .tags(List.of(Tag.builder().key("AWS:owner").value("x").build())), "aws:"),
        Arguments.of("a tag key given twice", CreateClusterRequest.builder().tags(List.of(
            Tag.builder().key("k").value("1").build(), Tag.builder().key("k").value("2").build())), "more than once"),
        Arguments.of("51 tags", CreateClusterRequest.builder().tags(IntStream.range(0, 51)
            .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList()), "at most 50"),
        Arguments.of("a capacity provider", CreateClusterRequest.builder().capacityProviders(List.of("FARGATE")),
            "capacity providers are not supported"),
        Arguments.of("OVERRIDE logging without a log configuration", CreateClusterRequest.builder()
            .configuration(ClusterConfiguration.builder().executeCommandConfiguration(ExecuteCommandConfiguration
                .builder().logging(ExecuteCommandLogging.OVERRIDE).build()).build()), "logConfiguration"),
        Arguments.of("a namespace with a slash", CreateClusterRequest.builder()
            .serviceConnectDefaults(ClusterServiceConnectDefaultsRequest.builder().namespace("a/b").build()),
            "namespace"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidCreates")
  void createRejectsInvalidInput(String why, CreateClusterRequest.Builder request, String messagePart) {
    var e = ecsError(ErrorType.InvalidParameterException, () -> f.call("CreateCluster", request.build()));

    assertThat(e.getMessage()).contains(messagePart);
  }

  @Test
  void describeWithoutClustersDescribesTheDefaultCluster() {
    f.createCluster("default");

    DescribeClustersResponse r = f.call("DescribeClusters", DescribeClustersRequest.builder().build());

    assertThat(r.clusters()).extracting(Cluster::clusterName).containsExactly("default");
    assertThat(r.failures()).isEmpty();
  }

  @Test
  void describeReportsUnknownClustersAsMissingFailuresWithTheirArn() {
    f.createCluster("web");

    DescribeClustersResponse r = describe(List.of("web", "nope", ARN_PREFIX + "cluster/gone", "bad name"));

    assertThat(r.clusters()).extracting(Cluster::clusterArn).containsExactly(ARN_PREFIX + "cluster/web");
    assertThat(r.failures()).containsExactly(
        Failure.builder().arn(ARN_PREFIX + "cluster/nope").reason("MISSING").build(),
        Failure.builder().arn(ARN_PREFIX + "cluster/gone").reason("MISSING").build(),
        Failure.builder().arn("bad name").reason("MISSING").build());
  }

  @Test
  void describeLeavesOutOptionalMembersUnlessIncluded() {
    f.call("CreateCluster", CreateClusterRequest.builder().clusterName("web")
        .tags(List.of(Tag.builder().key("team").value("a").build()))
        .configuration(ClusterConfiguration.builder().executeCommandConfiguration(
            ExecuteCommandConfiguration.builder().logging(ExecuteCommandLogging.NONE).build()).build())
        .build());

    Cluster plain = describe(List.of("web")).clusters().getFirst();
    Cluster full = describe(List.of("web"), ClusterField.values()).clusters().getFirst();

    assertThat(plain.settings()).isNull();
    assertThat(plain.configuration()).isNull();
    assertThat(plain.attachments()).isNull();
    assertThat(plain.tags()).isEmpty();
    assertThat(plain.statistics()).isEmpty();
    assertThat(full.settings()).containsExactly(insights("disabled"));
    assertThat(full.configuration().executeCommandConfiguration().logging()).isEqualTo(ExecuteCommandLogging.NONE);
    assertThat(full.attachments()).isEmpty();
    assertThat(full.tags()).containsExactly(Tag.builder().key("team").value("a").build());
    assertThat(full.statistics()).hasSize(12).contains(KeyValuePair.builder().name("runningEC2TasksCount")
        .value("0").build());
  }

  @Test
  void describeCountsInstancesTasksAndServicesFromTheirRecords() {
    f.createCluster("web");
    f.register("web", "host-1");
    f.register("web", "host-2");
    String third = f.register("web", "host-3").containerInstanceArn();
    f.call("DeregisterContainerInstance", dev.gantry.model.DeregisterContainerInstanceRequest.builder()
        .cluster("web").containerInstance(third).build());
    f.put(Keys.task("web", "t1"), Task.builder().lastStatus("RUNNING").build());
    f.put(Keys.task("web", "t2"), Task.builder().lastStatus("RUNNING").launchType(LaunchType.EXTERNAL).build());
    f.put(Keys.task("web", "t3"), Task.builder().lastStatus("PENDING").build());
    f.put(Keys.task("web", "t4"), Task.builder().lastStatus("STOPPED").build());
    f.put(Keys.service("web", "s1"), StoredService.of(Service.builder().status("ACTIVE").build()));
    f.put(Keys.service("web", "s2"), StoredService.of(Service.builder().status("DRAINING").build()));

    Cluster c = describe(List.of("web"), ClusterField.STATISTICS).clusters().getFirst();

    assertThat(c.registeredContainerInstancesCount()).isEqualTo(2);
    assertThat(c.runningTasksCount()).isEqualTo(2);
    assertThat(c.pendingTasksCount()).isEqualTo(1);
    assertThat(c.activeServicesCount()).isEqualTo(1);
    assertThat(c.statistics()).contains(
        KeyValuePair.builder().name("runningEC2TasksCount").value("1").build(),
        KeyValuePair.builder().name("runningExternalTasksCount").value("1").build(),
        KeyValuePair.builder().name("drainingEC2ServiceCount").value("1").build());
  }

  @Test
  void listPagesThroughActiveClustersOnly() {
    List.of("a", "b", "c", "d", "e").forEach(f::createCluster);
    f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("c").build());

    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ListClustersResponse page = f.call("ListClusters", ListClustersRequest.builder().maxResults(2)
          .nextToken(token).build());
      assertThat(page.clusterArns()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(page.clusterArns());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).containsExactly(ARN_PREFIX + "cluster/a", ARN_PREFIX + "cluster/b", ARN_PREFIX + "cluster/d",
        ARN_PREFIX + "cluster/e");
  }

  @Test
  void listRejectsAMaxResultsOutOfRange() {
    var e = ecsError(ErrorType.InvalidParameterException,
        () -> f.call("ListClusters", ListClustersRequest.builder().maxResults(101).build()));

    assertThat(e.getMessage()).contains("maxResults 101");
  }

  @Test
  void deleteMarksTheClusterInactiveAndKeepsItDescribable() {
    f.createCluster("web");

    DeleteClusterResponse r = f.call("DeleteCluster", DeleteClusterRequest.builder().cluster(ARN_PREFIX
        + "cluster/web").build());

    assertThat(r.cluster().status()).isEqualTo("INACTIVE");
    assertThat(describe(List.of("web")).clusters()).extracting(Cluster::status).containsExactly("INACTIVE");
    ListClustersResponse list = f.call("ListClusters", ListClustersRequest.builder().build());
    assertThat(list.clusterArns()).isEmpty();
  }

  static Stream<Arguments> nonEmptyClusters() {
    return Stream.of(
        Arguments.of("a registered instance", ErrorType.ClusterContainsContainerInstancesException, (Setup) f ->
            f.register("web", "host-1")),
        Arguments.of("an ACTIVE service", ErrorType.ClusterContainsServicesException, (Setup) f ->
            f.put(Keys.service("web", "api"), StoredService.of(Service.builder().status("ACTIVE").build()))),
        Arguments.of("a DRAINING service", ErrorType.ClusterContainsServicesException, (Setup) f ->
            f.put(Keys.service("web", "api"), StoredService.of(Service.builder().status("DRAINING").build()))),
        Arguments.of("a task that is not STOPPED", ErrorType.ClusterContainsTasksException, (Setup) f ->
            f.put(Keys.task("web", "t1"), Task.builder().lastStatus("DEPROVISIONING").build())));
  }

  interface Setup {
    void apply(ClusterOpsFixture f);
  }

  @ParameterizedTest(name = "refuses to delete a cluster with {0}")
  @MethodSource("nonEmptyClusters")
  void deleteRefusesWhileTheClusterHoldsSomething(String what, ErrorType type, Setup setup) {
    f.createCluster("web");
    setup.apply(f);

    ecsError(type, () -> f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("web").build()));

    assertThat(describe(List.of("web")).clusters().getFirst().status()).isEqualTo("ACTIVE");
  }

  @Test
  void deleteIgnoresStoppedTasksAndInactiveServices() {
    f.createCluster("web");
    f.put(Keys.task("web", "t1"), Task.builder().lastStatus("STOPPED").build());
    f.put(Keys.service("web", "old"), StoredService.of(Service.builder().status("INACTIVE").build()));

    DeleteClusterResponse r = f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("web").build());

    assertThat(r.cluster().status()).isEqualTo("INACTIVE");
  }

  @Test
  void deleteOfAnUnknownClusterIsClusterNotFound() {
    var e = ecsError(ErrorType.ClusterNotFoundException,
        () -> f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("ghost").build()));

    assertThat(e.getMessage()).contains("ghost");
  }

  @Test
  void deleteNoticesAnInstanceRegisteredWhileItWasChecking() {
    var racing = new InterferingStore();
    var g = new ClusterOpsFixture(racing);
    g.createCluster("web");
    racing.beforeNextTxn(() -> g.register("web", "host-1"));

    ecsError(ErrorType.ClusterContainsContainerInstancesException,
        () -> g.call("DeleteCluster", DeleteClusterRequest.builder().cluster("web").build()));
  }

  @Test
  void updateMergesSettingsAndSetsConfigurationAndServiceConnect() {
    f.createCluster("web");

    UpdateClusterResponse r = f.call("UpdateCluster", UpdateClusterRequest.builder().cluster("web")
        .settings(List.of(insights("enabled")))
        .configuration(ClusterConfiguration.builder().executeCommandConfiguration(
            ExecuteCommandConfiguration.builder().logging(ExecuteCommandLogging.DEFAULT).build()).build())
        .serviceConnectDefaults(ClusterServiceConnectDefaultsRequest.builder().namespace("internal").build())
        .build());

    assertThat(r.cluster().settings()).containsExactly(insights("enabled"));
    assertThat(r.cluster().configuration().executeCommandConfiguration().logging())
        .isEqualTo(ExecuteCommandLogging.DEFAULT);
    assertThat(r.cluster().serviceConnectDefaults().namespace()).isEqualTo("internal");
  }

  @Test
  void updateWithAnEmptyNamespaceRemovesServiceConnectDefaults() {
    f.call("CreateCluster", CreateClusterRequest.builder().clusterName("web")
        .serviceConnectDefaults(ClusterServiceConnectDefaultsRequest.builder().namespace("internal").build()).build());

    UpdateClusterResponse r = f.call("UpdateCluster", UpdateClusterRequest.builder().cluster("web")
        .serviceConnectDefaults(ClusterServiceConnectDefaultsRequest.builder().namespace("").build()).build());

    assertThat(r.cluster().serviceConnectDefaults()).isNull();
  }

  @Test
  void updateOfADeletedClusterIsRefused() {
    f.createCluster("web");
    f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("web").build());

    var e = ecsError(ErrorType.InvalidParameterException, () -> f.call("UpdateClusterSettings",
        UpdateClusterSettingsRequest.builder().cluster("web").settings(List.of(insights("enabled"))).build()));

    assertThat(e.getMessage()).contains("INACTIVE");
  }

  @Test
  void updateSettingsChangesContainerInsights() {
    f.createCluster("web");

    UpdateClusterSettingsResponse r = f.call("UpdateClusterSettings", UpdateClusterSettingsRequest.builder()
        .cluster("web").settings(List.of(insights("enhanced"))).build());

    assertThat(r.cluster().settings()).containsExactly(insights("enhanced"));
    assertThat(describe(List.of("web"), ClusterField.SETTINGS).clusters().getFirst().settings())
        .containsExactly(insights("enhanced"));
  }

  @Test
  void updateSettingsRequiresSettings() {
    f.createCluster("web");

    var e = ecsError(ErrorType.InvalidParameterException, () -> f.call("UpdateClusterSettings",
        UpdateClusterSettingsRequest.builder().cluster("web").build()));

    assertThat(e.getMessage()).contains("settings is required");
  }

  @Test
  void putCapacityProvidersAcceptsEmptyListsOnly() {
    f.createCluster("web");

    PutClusterCapacityProvidersResponse ok = f.call("PutClusterCapacityProviders",
        PutClusterCapacityProvidersRequest.builder().cluster("web").capacityProviders(List.of())
            .defaultCapacityProviderStrategy(List.of()).build());
    var e = ecsError(ErrorType.InvalidParameterException, () -> f.call("PutClusterCapacityProviders",
        PutClusterCapacityProvidersRequest.builder().cluster("web").capacityProviders(List.of("FARGATE"))
            .defaultCapacityProviderStrategy(List.of()).build()));

    assertThat(ok.cluster().capacityProviders()).isEmpty();
    assertThat(e.getMessage()).contains("FARGATE").contains("capacity providers are not supported");
  }
}
