package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.CapacityProviderStrategyItem;
import dev.gantry.model.DeploymentAlarms;
import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DeploymentController;
import dev.gantry.model.DeploymentControllerType;
import dev.gantry.model.DeploymentStrategy;
import dev.gantry.model.LaunchType;
import dev.gantry.model.NetworkConfiguration;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.PlacementStrategyType;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.TaskDefinition;
import dev.gantry.server.api.ErrorType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceRulesTest {
  private static final SchedulingStrategy REPLICA = SchedulingStrategy.REPLICA;
  private static final SchedulingStrategy DAEMON = SchedulingStrategy.DAEMON;

  @ParameterizedTest(name = "accepts the name {0}")
  @ValueSource(strings = {"web", "Web_2", "a-b-c", "x"})
  void acceptsServiceNamesOfLettersNumbersHyphensAndUnderscores(String name) {
    assertThat(ServiceRules.serviceName(name)).isEqualTo(name);
  }

  @ParameterizedTest(name = "refuses the name \"{0}\"")
  @ValueSource(strings = {"", "web app", "web.app", "web/app", "ümlaut"})
  void refusesOtherServiceNamesNamingTheValue(String name) {
    String message = ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.serviceName(name)).getMessage();
    assertThat(message).contains("serviceName").contains("letters, numbers, hyphens and underscores");
  }

  @Test
  void refusesANameOfMoreThan255Characters() {
    ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.serviceName("a".repeat(256)));
    assertThat(ServiceRules.serviceName("a".repeat(255))).hasSize(255);
  }

  @Test
  void clientTokensAreUpTo36PrintableAsciiCharacters() {
    assertThat(ServiceRules.clientToken(null)).isEmpty();
    assertThat(ServiceRules.clientToken("!~" + "a".repeat(34))).hasSize(36);
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.clientToken("a".repeat(37)))
        .getMessage()).contains("clientToken", "1 to 36");
    ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.clientToken("has space"));
    ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.clientToken(""));
  }

  static Stream<Arguments> desiredCounts() {
    return Stream.of(
        Arguments.of("a REPLICA service keeps what it asks for", REPLICA, 3, 3),
        Arguments.of("zero is a valid REPLICA count", REPLICA, 0, 0),
        Arguments.of("the quota of 5000 is allowed", REPLICA, 5000, 5000),
        Arguments.of("a DAEMON service starts at 0 and has it computed", DAEMON, null, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("desiredCounts")
  void desiredCountFollowsTheSchedulingStrategy(String why, SchedulingStrategy s, Integer requested, int expected) {
    assertThat(ServiceRules.desiredCount(s, requested)).isEqualTo(expected);
  }

  static Stream<Arguments> badDesiredCounts() {
    return Stream.of(
        Arguments.of("REPLICA needs one", REPLICA, null, "desiredCount is required for a REPLICA service"),
        Arguments.of("negative", REPLICA, -1, "desiredCount -1 is out of range"),
        Arguments.of("above the quota", REPLICA, 5001, "between 0 and 5000"),
        Arguments.of("DAEMON computes its own", DAEMON, 2, "DAEMON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDesiredCounts")
  void refusesDesiredCountsEcsRefuses(String why, SchedulingStrategy s, Integer requested, String says) {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.desiredCount(s, requested))
        .getMessage()).contains(says);
  }

  @Test
  void launchTypeDefaultsToEc2AndAcceptsExternal() {
    assertThat(ServiceRules.launchType(null, null)).isEqualTo(LaunchType.EC2);
    assertThat(ServiceRules.launchType(LaunchType.EXTERNAL, List.of())).isEqualTo(LaunchType.EXTERNAL);
  }

  @Test
  void refusesFargateAndCapacityProvidersNamingWhatToUseInstead() {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.launchType(LaunchType.FARGATE, null))
        .getMessage()).contains("FARGATE", "EC2 or EXTERNAL");
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.launchType(null,
        List.of(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").build()))).getMessage())
        .contains("capacityProviderStrategy");
  }

  @Test
  void onlyTheEcsDeploymentControllerExists() {
    assertThat(ServiceRules.deploymentController(null).type()).isEqualTo(DeploymentControllerType.ECS);
    assertThat(ecsError(ErrorType.UnsupportedFeatureException, () -> ServiceRules.deploymentController(
        DeploymentController.builder().type(DeploymentControllerType.CODE_DEPLOY).build())).getMessage())
        .contains("CODE_DEPLOY");
  }

  static Stream<Arguments> defaults() {
    return Stream.of(Arguments.of(REPLICA, 100, 200), Arguments.of(DAEMON, 0, 100));
  }

  @ParameterizedTest(name = "{0}: minimumHealthyPercent {1}, maximumPercent {2}, circuit breaker off")
  @MethodSource("defaults")
  void deploymentConfigurationDefaultsAreEcsOnes(SchedulingStrategy s, int min, int max) {
    DeploymentConfiguration c = ServiceRules.deploymentConfiguration(s, null, ServiceRules.defaults(s));

    assertThat(c.minimumHealthyPercent()).isEqualTo(min);
    assertThat(c.maximumPercent()).isEqualTo(max);
    assertThat(c.deploymentCircuitBreaker()).isEqualTo(new DeploymentCircuitBreaker(false, false));
    assertThat(c.strategy()).isEqualTo(DeploymentStrategy.ROLLING);
  }

  @Test
  void aGivenMemberReplacesOnlyItselfAndTheRestIsKept() {
    DeploymentConfiguration current = ServiceRules.deploymentConfiguration(REPLICA,
        DeploymentConfiguration.builder().minimumHealthyPercent(50).build(), ServiceRules.defaults(REPLICA));

    DeploymentConfiguration next = ServiceRules.deploymentConfiguration(REPLICA, DeploymentConfiguration.builder()
        .deploymentCircuitBreaker(new DeploymentCircuitBreaker(true, true)).build(), current);

    assertThat(next.minimumHealthyPercent()).isEqualTo(50);
    assertThat(next.maximumPercent()).isEqualTo(200);
    assertThat(next.deploymentCircuitBreaker()).isEqualTo(new DeploymentCircuitBreaker(true, true));
  }

  @Test
  void theSingletonConfigurationIsValid() {
    DeploymentConfiguration c = ServiceRules.deploymentConfiguration(REPLICA, DeploymentConfiguration.builder()
        .minimumHealthyPercent(0).maximumPercent(100).build(), ServiceRules.defaults(REPLICA));

    assertThat(c.minimumHealthyPercent()).isZero();
    assertThat(c.maximumPercent()).isEqualTo(100);
  }

  static Stream<Arguments> badConfigurations() {
    return Stream.of(
        Arguments.of("minimumHealthyPercent above 100", REPLICA, DeploymentConfiguration.builder()
            .minimumHealthyPercent(101).build(), ErrorType.InvalidParameterException, "minimumHealthyPercent 101"),
        Arguments.of("negative minimumHealthyPercent", REPLICA, DeploymentConfiguration.builder()
            .minimumHealthyPercent(-1).build(), ErrorType.InvalidParameterException, "between 0 and 100"),
        Arguments.of("REPLICA maximumPercent below 100", REPLICA, DeploymentConfiguration.builder()
            .maximumPercent(50).build(), ErrorType.InvalidParameterException, "maximumPercent 50"),
        Arguments.of("DAEMON maximumPercent above 100", DAEMON, DeploymentConfiguration.builder()
            .maximumPercent(200).build(), ErrorType.InvalidParameterException, "must be 100"),
        Arguments.of("a circuit breaker without rollback", REPLICA, DeploymentConfiguration.builder()
            .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder().enable(true).build()).build(),
            ErrorType.InvalidParameterException, "rollback"),
        Arguments.of("blue/green", REPLICA, DeploymentConfiguration.builder().strategy(DeploymentStrategy.BLUE_GREEN)
            .build(), ErrorType.UnsupportedFeatureException, "BLUE_GREEN"),
        Arguments.of("alarms", REPLICA, DeploymentConfiguration.builder().alarms(DeploymentAlarms.builder()
            .enable(true).rollback(false).alarmNames(List.of("cpu")).build()).build(),
            ErrorType.UnsupportedFeatureException, "alarms"),
        Arguments.of("bake time", REPLICA, DeploymentConfiguration.builder().bakeTimeInMinutes(5).build(),
            ErrorType.UnsupportedFeatureException, "bakeTimeInMinutes"));
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("badConfigurations")
  void refusesDeploymentConfigurationsNamingTheMember(String why, SchedulingStrategy s,
      DeploymentConfiguration requested, ErrorType type, String says) {
    assertThat(ecsError(type, () -> ServiceRules.deploymentConfiguration(s, requested, ServiceRules.defaults(s)))
        .getMessage()).contains("deploymentConfiguration").contains(says);
  }

  @Test
  void daemonServicesTakeNoPlacementStrategy() {
    List<PlacementStrategy> spread = List.of(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD)
        .field("instanceId").build());
    ServiceRules.placementStrategyAllowed(REPLICA, spread);
    ServiceRules.placementStrategyAllowed(DAEMON, List.of());

    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.placementStrategyAllowed(DAEMON,
        spread)).getMessage()).contains("placementStrategy", "DAEMON");
  }

  @Test
  void unsupportedMembersAreRefusedUnlessEmpty() {
    ServiceRules.notSupported("loadBalancers", List.of(), "load balancers");
    ServiceRules.notSupported("serviceConnectConfiguration", (Object) null, "Service Connect");

    assertThat(ecsError(ErrorType.UnsupportedFeatureException, () -> ServiceRules.notSupported("loadBalancers",
        List.of("lb"), "load balancers")).getMessage()).contains("loadBalancers is not supported");
  }

  @Test
  void healthCheckGracePeriodDefaultsToZeroAndMustNotBeNegative() {
    assertThat(ServiceRules.healthCheckGracePeriod(null)).isZero();
    assertThat(ServiceRules.healthCheckGracePeriod(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.healthCheckGracePeriod(-5))
        .getMessage()).contains("healthCheckGracePeriodSeconds -5");
  }

  @Test
  void networkConfigurationBelongsToAwsvpcTaskDefinitionsOnly() {
    NetworkConfiguration network = NetworkConfiguration.builder().build();
    TaskDefinition awsvpc = TaskDefinition.builder().taskDefinitionArn("arn:td/a:1").networkMode(NetworkMode.AWSVPC)
        .build();
    TaskDefinition bridge = TaskDefinition.builder().taskDefinitionArn("arn:td/b:1").networkMode(NetworkMode.BRIDGE)
        .build();

    assertThat(ServiceRules.networkConfiguration(network, awsvpc)).isSameAs(network);
    assertThat(ServiceRules.networkConfiguration(null, bridge)).isNull();
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> ServiceRules.networkConfiguration(network,
        bridge)).getMessage()).contains("networkConfiguration", "awsvpc", "bridge");
  }
}
