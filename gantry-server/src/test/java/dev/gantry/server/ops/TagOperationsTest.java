package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ListTagsForResourceRequest;
import dev.gantry.model.Service;
import dev.gantry.model.Tag;
import dev.gantry.model.TagResourceRequest;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.UntagResourceRequest;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagOperationsTest {
  private static final ServerSettings SETTINGS =
      new ServerSettings("us-east-1", "000000000000", "http://127.0.0.1:7777");
  private static final ArnFormat ARNS = new ArnFormat("us-east-1", "000000000000");
  private static final CallContext ROOT =
      new CallContext(new Principal.Root("AKIDROOT"), Instant.parse("2025-01-02T03:04:05Z"), "req-1");
  private static final String INSTANCE_ID = "0123456789abcdef0123456789abcdef";
  private static final String TASK_ID = "fedcba9876543210fedcba9876543210";

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final TagOperations ops = new TagOperations(store, SETTINGS);

  // ---- the five kinds of taggable resource, each seeded the way its own handler stores it ----

  /** A taggable resource kind: its ARN, how to seed it, and how to read back the whole stored record. */
  record Kind(String name, String arn, Consumer<StateStore> seed, String key, Class<?> type) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Kind> kinds() {
    return Stream.of(
        new Kind("cluster", ARNS.cluster("prod"), s -> {}, Keys.cluster("prod"), Cluster.class),
        new Kind("container instance", ARNS.containerInstance("prod", INSTANCE_ID),
            s -> put(s, Keys.instance("prod", INSTANCE_ID), instance()), Keys.instance("prod", INSTANCE_ID),
            ContainerInstance.class),
        new Kind("task definition", ARNS.taskDefinition("web", 3),
            s -> put(s, Keys.taskDefinition("web", 3), taskDefinition()), Keys.taskDefinition("web", 3),
            StoredTaskDefinition.class),
        new Kind("task", ARNS.task("prod", TASK_ID), s -> put(s, Keys.task("prod", TASK_ID), task()),
            Keys.task("prod", TASK_ID), Task.class),
        new Kind("service", ARNS.service("prod", "api"), s -> put(s, Keys.service("prod", "api"),
            StoredService.of(service())), Keys.service("prod", "api"), StoredService.class));
  }

  private void seed(Kind kind) {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    kind.seed().accept(store);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void tagsOverwritesListsAndUntagsEachKindOfResource(Kind kind) {
    seed(kind);

    tag(kind.arn(), tagOf("team", "core"), tagOf("env", "dev"));
    assertThat(list(kind.arn())).containsExactly(tagOf("team", "core"), tagOf("env", "dev"));

    tag(kind.arn(), tagOf("env", "prod"), tagOf("cost-center", "42"));
    assertThat(list(kind.arn()))
        .containsExactly(tagOf("team", "core"), tagOf("env", "prod"), tagOf("cost-center", "42"));

    untag(kind.arn(), "team", "never-set");
    assertThat(list(kind.arn())).containsExactly(tagOf("env", "prod"), tagOf("cost-center", "42"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void changesOnlyTheTagsMemberOfTheStoredRecord(Kind kind) {
    seed(kind);
    Object before = JsonCodec.decode(store.get(kind.key()).orElseThrow().value(), kind.type());

    tag(kind.arn(), tagOf("team", "core"));

    Object after = JsonCodec.decode(store.get(kind.key()).orElseThrow().value(), kind.type());
    assertThat(after).usingRecursiveComparison().ignoringFields("tags", "service.tags").isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void listsNoTagsAsAnEmptyList(Kind kind) {
    seed(kind);
    assertThat(list(kind.arn())).isEmpty();
  }

  @Test
  void keepsTheLeaseOfARecordItTags() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    long lease = store.grantLease(Duration.ofMinutes(5));
    store.txn(new Txn(List.of(), List.of(new Op.Put(Keys.instance("prod", INSTANCE_ID),
        JsonCodec.encode(instance()), lease))));

    tag(ARNS.containerInstance("prod", INSTANCE_ID), tagOf("rack", "r1"));

    assertThat(store.get(Keys.instance("prod", INSTANCE_ID)).orElseThrow().lease()).isEqualTo(lease);
  }

  @Test
  void writesNothingWhenTheTagsDoNotChange() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    tag(ARNS.cluster("prod"), tagOf("team", "core"));
    long revision = store.revision();

    tag(ARNS.cluster("prod"), tagOf("team", "core"));
    untag(ARNS.cluster("prod"), "absent");

    assertThat(store.revision()).isEqualTo(revision);
  }

  // ---- concurrency: compare-and-swap on the record's mod-revision ----

  @Test
  void retriesOnAConcurrentChangeAndKeepsBothChanges() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    // Another handler changes the cluster between this handler's read and its write, once.
    InterferingStore racing = new InterferingStore(store);
    racing.beforeNextTxn(() -> {
      Cluster current = JsonCodec.decode(store.get(Keys.cluster("prod")).orElseThrow().value(), Cluster.class);
      put(store, Keys.cluster("prod"), current.toBuilder().activeServicesCount(7).build());
    });

    new TagOperations(racing, SETTINGS).tagResource(tagRequest(ARNS.cluster("prod"), tagOf("team", "core")), ROOT);

    Cluster stored = JsonCodec.decode(store.get(Keys.cluster("prod")).orElseThrow().value(), Cluster.class);
    assertThat(stored.activeServicesCount()).isEqualTo(7);
    assertThat(stored.tags()).containsExactly(tagOf("team", "core"));
  }

  @Test
  void givesUpWithAServerExceptionWhenEveryAttemptConflicts() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    InterferingStore racing = new InterferingStore(store);
    racing.beforeNextTxns(Integer.MAX_VALUE, () -> {
      Cluster current = JsonCodec.decode(store.get(Keys.cluster("prod")).orElseThrow().value(), Cluster.class);
      put(store, Keys.cluster("prod"), current.toBuilder().pendingTasksCount(current.pendingTasksCount() + 1).build());
    });

    assertThatThrownBy(() -> new TagOperations(racing, SETTINGS)
        .tagResource(tagRequest(ARNS.cluster("prod"), tagOf("team", "core")), ROOT))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.ServerException);
          assertThat(e.getMessage()).contains("cluster prod").contains("retry");
        });
  }

  // ---- resources that do not exist ----

  record Missing(String description, Consumer<StateStore> seed, String arn, ErrorType onWrite, ErrorType onList) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Missing> missingResources() {
    return Stream.of(
        new Missing("a cluster that was never created", s -> {}, ARNS.cluster("nope"),
            ErrorType.ClusterNotFoundException, ErrorType.ClusterNotFoundException),
        new Missing("an INACTIVE (deleted) cluster", s -> put(s, Keys.cluster("gone"), cluster("gone", "INACTIVE")),
            ARNS.cluster("gone"), ErrorType.ClusterNotFoundException, ErrorType.ClusterNotFoundException),
        new Missing("an instance of a cluster that does not exist", s -> {},
            ARNS.containerInstance("nope", INSTANCE_ID), ErrorType.ClusterNotFoundException,
            ErrorType.ClusterNotFoundException),
        new Missing("a service of a cluster that does not exist", s -> {}, ARNS.service("nope", "api"),
            ErrorType.ClusterNotFoundException, ErrorType.ClusterNotFoundException),
        new Missing("an instance not registered in an existing cluster",
            s -> put(s, Keys.cluster("prod"), cluster("prod", "ACTIVE")),
            ARNS.containerInstance("prod", INSTANCE_ID), ErrorType.ResourceNotFoundException,
            ErrorType.InvalidParameterException),
        new Missing("a task not in an existing cluster", s -> put(s, Keys.cluster("prod"), cluster("prod", "ACTIVE")),
            ARNS.task("prod", TASK_ID), ErrorType.ResourceNotFoundException, ErrorType.InvalidParameterException),
        new Missing("a service not in an existing cluster",
            s -> put(s, Keys.cluster("prod"), cluster("prod", "ACTIVE")), ARNS.service("prod", "api"),
            ErrorType.ResourceNotFoundException, ErrorType.InvalidParameterException),
        new Missing("a task definition revision never registered", s -> {}, ARNS.taskDefinition("web", 9),
            ErrorType.ResourceNotFoundException, ErrorType.InvalidParameterException));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingResources")
  void reportsAMissingResourceWithTheErrorECSUses(Missing missing) {
    missing.seed().accept(store);

    assertError(() -> tag(missing.arn(), tagOf("a", "b")), missing.onWrite());
    assertError(() -> untag(missing.arn(), "a"), missing.onWrite());
    assertError(() -> list(missing.arn()), missing.onList());
  }

  // ---- malformed ARNs ----

  static Stream<Arguments> malformedArns() {
    return Stream.of(
        Arguments.of("not an ARN", "nonsense", "not a taggable ECS resource"),
        Arguments.of("another service's ARN", "arn:aws:s3:::bucket", "not a taggable ECS resource"),
        Arguments.of("an ECS type that Gantry does not have", "arn:aws:ecs:us-east-1:000000000000:capacity-provider/cp",
            "not a taggable ECS resource"),
        Arguments.of("a task definition without revision", "arn:aws:ecs:us-east-1:000000000000:task-definition/web",
            "not a taggable ECS resource"),
        Arguments.of("a short service ARN", "arn:aws:ecs:us-east-1:000000000000:service/api", "short service ARN"),
        Arguments.of("a short task ARN", "arn:aws:ecs:us-east-1:000000000000:task/" + TASK_ID, "short task ARN"),
        Arguments.of("a short container instance ARN",
            "arn:aws:ecs:us-east-1:000000000000:container-instance/" + INSTANCE_ID, "short container-instance ARN"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedArns")
  void rejectsAResourceArnItCannotTag(String description, String arn, String reason) {
    for (Runnable call : List.<Runnable>of(() -> tag(arn, tagOf("a", "b")), () -> untag(arn, "a"), () -> list(arn))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(EcsException.class, e -> {
        assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
        assertThat(e.getMessage()).contains("resourceArn").contains(arn).contains(reason);
      });
    }
  }

  @Test
  void requiresAResourceArn() {
    assertThatThrownBy(() -> ops.listTagsForResource(ListTagsForResourceRequest.builder().build(), ROOT))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
          assertThat(e.getMessage()).contains("resourceArn is required");
        });
  }

  // ---- tag rules ----

  static Stream<Arguments> invalidTags() {
    return Stream.of(
        Arguments.of("a key of 129 characters", List.of(tagOf("k".repeat(129), "v")), "tags[0].key", "1 to 128"),
        Arguments.of("an empty key", List.of(tagOf("", "v")), "tags[0].key", "1 to 128"),
        Arguments.of("a value of 257 characters", List.of(tagOf("k", "v".repeat(257))), "tags[0].value", "0 to 256"),
        Arguments.of("a key with a character outside the allowed set", List.of(tagOf("a", "b"), tagOf("a*b", "v")),
            "tags[1].key 'a*b'", "_ . : / = + - @"),
        Arguments.of("a value with a character outside the allowed set", List.of(tagOf("k", "50%")),
            "tags[0].value '50%'", "_ . : / = + - @"),
        Arguments.of("a key starting with aws:", List.of(tagOf("aws:owner", "v")), "tags[0].key 'aws:owner'",
            "reserved"),
        Arguments.of("a key starting with AWS: in capitals", List.of(tagOf("AWS:owner", "v")), "'AWS:owner'",
            "reserved"),
        Arguments.of("a key starting with Aws: in mixed case", List.of(tagOf("Aws:owner", "v")), "'Aws:owner'",
            "reserved"),
        Arguments.of("a tag without a key", List.of(Tag.builder().value("v").build()), "tags[0].key is required",
            "1 to 128"),
        Arguments.of("the same key twice", List.of(tagOf("k", "1"), tagOf("k", "2")), "tags[1].key 'k'", "unique"),
        Arguments.of("51 tags in one request", tags(51), "51 entries", "at most 50"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTags")
  void rejectsTagsThatBreakECSTagRules(String description, List<Tag> tags, String member, String valid) {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));

    assertThatThrownBy(() -> ops.tagResource(tagRequest(ARNS.cluster("prod"), tags.toArray(Tag[]::new)), ROOT))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
          assertThat(e.getMessage()).contains(member).contains(valid);
        });
    assertThat(list(ARNS.cluster("prod"))).isEmpty();
  }

  @Test
  void rejectsARequestWithoutTags() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    assertThatThrownBy(() -> ops.tagResource(TagResourceRequest.builder().resourceArn(ARNS.cluster("prod")).build(),
        ROOT)).hasMessageContaining("tags is required");
  }

  @Test
  void acceptsTagsAtTheLimitsOfEachRule() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    List<Tag> edge = List.of(tagOf("k".repeat(128), "v".repeat(256)), tagOf("empty", ""),
        tagOf("Schlüssel ключ 鍵", "wert значение 値"), tagOf("a_b.c:d/e=f+g-h@i", "1 2"),
        tagOf("𝒜".repeat(128), "𝒜".repeat(256)));

    tag(ARNS.cluster("prod"), edge.toArray(Tag[]::new));

    assertThat(list(ARNS.cluster("prod"))).containsExactlyElementsOf(edge);
  }

  @Test
  void storesATagWithoutValueWithAnEmptyValue() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    tag(ARNS.cluster("prod"), Tag.builder().key("flag").build());
    assertThat(list(ARNS.cluster("prod"))).containsExactly(tagOf("flag", ""));
  }

  @Test
  void refusesToGrowAResourcePastFiftyTagsButAllowsOverwritingAtTheLimit() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    tag(ARNS.cluster("prod"), tags(30).toArray(Tag[]::new));

    assertThatThrownBy(() -> tag(ARNS.cluster("prod"), IntStream.range(100, 121)
        .mapToObj(i -> tagOf("key" + i, "v")).toArray(Tag[]::new)))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
          assertThat(e.getMessage()).contains("51 tags").contains("50 allowed").contains("has 30");
        });

    tag(ARNS.cluster("prod"), IntStream.range(100, 120).mapToObj(i -> tagOf("key" + i, "v")).toArray(Tag[]::new));
    tag(ARNS.cluster("prod"), tagOf("key0", "overwritten"));
    assertThat(list(ARNS.cluster("prod"))).hasSize(50).contains(tagOf("key0", "overwritten"));
  }

  @Test
  void doesNotCountReservedSystemTagsAgainstTheLimit() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));
    List<Tag> system = List.of(tagOf("aws:ecs:clusterName", "prod"));
    put(store, Keys.task("prod", TASK_ID), task().toBuilder().tags(system).build());

    tag(ARNS.task("prod", TASK_ID), tags(50).toArray(Tag[]::new));

    assertThat(list(ARNS.task("prod", TASK_ID))).hasSize(51).startsWith(system.getFirst());
  }

  @Test
  void refusesToRemoveReservedKeysAndRequiresTagKeys() {
    put(store, Keys.cluster("prod"), cluster("prod", "ACTIVE"));

    assertThatThrownBy(() -> untag(ARNS.cluster("prod"), "ok", "aws:ecs:clusterName"))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
          assertThat(e.getMessage()).contains("tagKeys[1] 'aws:ecs:clusterName'").contains("reserved");
        });
    assertThatThrownBy(() -> ops.untagResource(UntagResourceRequest.builder().resourceArn(ARNS.cluster("prod"))
        .build(), ROOT)).hasMessageContaining("tagKeys is required");
  }

  // ---- helpers ----

  private void tag(String arn, Tag... tags) {
    ops.tagResource(tagRequest(arn, tags), ROOT);
  }

  private static TagResourceRequest tagRequest(String arn, Tag... tags) {
    return TagResourceRequest.builder().resourceArn(arn).tags(List.of(tags)).build();
  }

  private void untag(String arn, String... keys) {
    ops.untagResource(UntagResourceRequest.builder().resourceArn(arn).tagKeys(List.of(keys)).build(), ROOT);
  }

  private List<Tag> list(String arn) {
    return ops.listTagsForResource(ListTagsForResourceRequest.builder().resourceArn(arn).build(), ROOT).tags();
  }

  private static void assertError(Runnable call, ErrorType type) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(EcsException.class,
        e -> assertThat(e.type()).isEqualTo(type));
  }

  private static Tag tagOf(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static List<Tag> tags(int n) {
    return IntStream.range(0, n).mapToObj(i -> tagOf("key" + i, "value" + i)).toList();
  }

  private static void put(StateStore store, String key, Object record) {
    store.txn(new Txn(List.of(), List.of(Op.put(key, JsonCodec.encode(record)))));
  }

  private static Cluster cluster(String name, String status) {
    return Cluster.builder().clusterArn(ARNS.cluster(name)).clusterName(name).status(status)
        .registeredContainerInstancesCount(1).runningTasksCount(2).pendingTasksCount(0).activeServicesCount(1)
        .build();
  }

  private static ContainerInstance instance() {
    return ContainerInstance.builder().containerInstanceArn(ARNS.containerInstance("prod", INSTANCE_ID))
        .ec2InstanceId("host-1").status("ACTIVE").agentConnected(true).runningTasksCount(1).pendingTasksCount(0)
        .registeredAt(Instant.parse("2025-01-01T00:00:00.125Z")).version(4L).build();
  }

  private static StoredTaskDefinition taskDefinition() {
    return new StoredTaskDefinition(TaskDefinition.builder().taskDefinitionArn(ARNS.taskDefinition("web", 3))
        .family("web").revision(3).status(TaskDefinitionStatus.ACTIVE).cpu("256").memory("512").build(), List.of());
  }

  private static Task task() {
    return Task.builder().taskArn(ARNS.task("prod", TASK_ID)).clusterArn(ARNS.cluster("prod"))
        .taskDefinitionArn(ARNS.taskDefinition("web", 3)).lastStatus("RUNNING").desiredStatus("RUNNING")
        .createdAt(Instant.parse("2025-01-01T00:00:01Z")).version(2L).build();
  }

  private static Service service() {
    return Service.builder().serviceArn(ARNS.service("prod", "api")).serviceName("api")
        .clusterArn(ARNS.cluster("prod")).status("ACTIVE").desiredCount(2).runningCount(2).pendingCount(0)
        .createdAt(Instant.parse("2025-01-01T00:00:02Z")).build();
  }
}
