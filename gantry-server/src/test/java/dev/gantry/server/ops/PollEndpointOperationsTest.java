package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DiscoverPollEndpointRequest;
import dev.gantry.model.DiscoverPollEndpointResponse;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PollEndpointOperationsTest {
  private static final String ENDPOINT = "https://gantry.example.internal:7777";
  private static final ServerSettings SETTINGS = new ServerSettings("us-east-1", "000000000000", ENDPOINT);
  private static final ArnFormat ARNS = new ArnFormat("us-east-1", "000000000000");
  private static final String ID = "0123456789abcdef0123456789abcdef";
  private static final String OTHER_ID = "ffffffffffffffffffffffffffffffff";
  private static final CallContext ROOT = context(new Principal.Root("AKIDROOT"));

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final PollEndpointOperations ops = new PollEndpointOperations(store, SETTINGS);

  @BeforeEach
  void registerOneInstance() {
    put(Keys.cluster("prod"), Cluster.builder().clusterArn(ARNS.cluster("prod")).clusterName("prod")
        .status("ACTIVE").build());
    put(Keys.cluster("old"), Cluster.builder().clusterArn(ARNS.cluster("old")).clusterName("old")
        .status("INACTIVE").build());
    put(Keys.instance("prod", ID), ContainerInstance.builder()
        .containerInstanceArn(ARNS.containerInstance("prod", ID)).status("ACTIVE").build());
  }

  static Stream<Arguments> validRequests() {
    return Stream.of(
        Arguments.of("nothing named (an agent before registering)", null, null),
        Arguments.of("a cluster by name", "prod", null),
        Arguments.of("a cluster by ARN", ARNS.cluster("prod"), null),
        Arguments.of("an instance by id in a named cluster", "prod", ID),
        Arguments.of("an instance by ARN alone", null, ARNS.containerInstance("prod", ID)),
        Arguments.of("an instance by ARN and its cluster", ARNS.cluster("prod"), ARNS.containerInstance("prod", ID)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRequests")
  void answersWithTheServerEndpointForEveryChannel(String description, String cluster, String instance) {
    DiscoverPollEndpointResponse response = ops.discoverPollEndpoint(request(cluster, instance), ROOT);

    assertThat(response).isEqualTo(DiscoverPollEndpointResponse.builder().endpoint(ENDPOINT)
        .telemetryEndpoint(ENDPOINT).serviceConnectEndpoint(ENDPOINT).build());
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        Arguments.of("a cluster that does not exist", "nope", null, ErrorType.ClientException,
            "Cluster not found: cluster 'nope'"),
        Arguments.of("an INACTIVE cluster", "old", null, ErrorType.ClientException, "cluster 'old'"),
        Arguments.of("a malformed cluster", "bad name!", null, ErrorType.InvalidParameterException,
            "cluster 'bad name!'"),
        Arguments.of("an instance id not registered in the cluster", "prod", OTHER_ID, ErrorType.ClientException,
            "containerInstance '" + OTHER_ID + "' is not registered in cluster prod"),
        Arguments.of("an instance id without cluster, looked up in default", null, ID, ErrorType.ClientException,
            "Cluster not found: cluster 'default'"),
        Arguments.of("a malformed instance", "prod", "a/b", ErrorType.InvalidParameterException,
            "containerInstance 'a/b'"),
        Arguments.of("a task ARN as instance", "prod", ARNS.task("prod", ID), ErrorType.InvalidParameterException,
            "is neither a container instance id nor a container instance ARN"),
        Arguments.of("an instance ARN of another cluster", "other", ARNS.containerInstance("prod", ID),
            ErrorType.InvalidParameterException, "belongs to cluster prod, but cluster names other"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void rejectsAClusterOrInstanceItCannotFind(String description, String cluster, String instance, ErrorType type,
      String message) {
    assertThatThrownBy(() -> ops.discoverPollEndpoint(request(cluster, instance), ROOT))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(type);
          assertThat(e.getMessage()).contains(message);
        });
  }

  @Test
  void letsAnAgentAskAboutItsOwnInstance() {
    CallContext agent = context(new Principal.Agent("AKIDAGENT", "prod", ID));
    assertThat(ops.discoverPollEndpoint(request("prod", ARNS.containerInstance("prod", ID)), agent).endpoint())
        .isEqualTo(ENDPOINT);
  }

  @Test
  void looksUpABareInstanceIdOfAnAgentInTheAgentsCluster() {
    CallContext agent = context(new Principal.Agent("AKIDAGENT", "prod", ID));
    assertThat(ops.discoverPollEndpoint(request(null, ID), agent).endpoint()).isEqualTo(ENDPOINT);
  }

  @Test
  void refusesAnAgentAskingAboutAnotherInstance() {
    put(Keys.instance("prod", OTHER_ID), ContainerInstance.builder()
        .containerInstanceArn(ARNS.containerInstance("prod", OTHER_ID)).status("ACTIVE").build());
    CallContext agent = context(new Principal.Agent("AKIDAGENT", "prod", ID));

    assertThatThrownBy(() -> ops.discoverPollEndpoint(request("prod", OTHER_ID), agent))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.AccessDeniedException);
          assertThat(e.getMessage()).contains(ID);
        });
  }

  @Test
  void isAnAgentOperation() {
    assertThat(ops.operations()).singleElement().satisfies(op -> {
      assertThat(op.name()).isEqualTo("DiscoverPollEndpoint");
      assertThat(op.access()).isEqualTo(Operation.Access.AGENT);
    });
  }

  private static DiscoverPollEndpointRequest request(String cluster, String instance) {
    return DiscoverPollEndpointRequest.builder().cluster(cluster).containerInstance(instance).build();
  }

  private static CallContext context(Principal principal) {
    return new CallContext(principal, Instant.parse("2025-01-02T03:04:05Z"), "req-1");
  }

  private void put(String key, Object record) {
    store.txn(new Txn(List.of(), List.of(Op.put(key, JsonCodec.encode(record)))));
  }
}
