package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.Fixtures.taskWith;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.TransportProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PortMappingRulesTest {
  private static final String FIRST = "containerDefinitions[0].portMappings[0]";

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("a mapping without containerPort is refused", ports(map(null, 8080)),
            FIRST + ".containerPort", "required", "containerPortRange"),
        rejects("containerPort 0 is not a port", ports(map(0, null)), FIRST + ".containerPort", "0", "1 to 65535"),
        rejects("containerPort 70000 is not a port", ports(map(70000, null)), FIRST + ".containerPort", "70000", "1 to 65535"),
        rejects("a negative hostPort is refused", ports(map(80, -1)), FIRST + ".hostPort", "-1", "0 to 65535"),
        rejects("hostPort 65536 is refused", ports(map(80, 65536)), FIRST + ".hostPort", "65536", "0 to 65535"),
        rejects("in awsvpc a hostPort other than the containerPort is refused",
            ports(NetworkMode.AWSVPC, map(80, 8080)),
            FIRST + ".hostPort", "8080", "containerPort 80", "networkMode 'awsvpc'", "omit hostPort"),
        rejects("in host mode a hostPort other than the containerPort is refused",
            ports(NetworkMode.HOST, map(80, 8080)), FIRST + ".hostPort", "networkMode 'host'", "set it to 80"),
        rejects("two containers binding one host port are refused",
            task(container("a").portMappings(List.of(map(80, 8080))).build(),
                container("b").portMappings(List.of(map(81, 8080))).build()),
            "containerDefinitions[1].portMappings[0].hostPort", "8080/tcp", FIRST, "once per task"),
        rejects("in awsvpc two containers on one container port collide on the host",
            taskWith(container("a").portMappings(List.of(map(80, null))).build(),
                container("b").portMappings(List.of(map(80, null))).build()).networkMode(NetworkMode.AWSVPC).build(),
            "containerDefinitions[1].portMappings[0].containerPort", "80/tcp", "awsvpc", FIRST),
        rejects("one container port with two protocols is refused",
            ports(map(53, null), map(53, null, TransportProtocol.UDP)),
            "containerDefinitions[0].portMappings[1].protocol", "53", "tcp", "several protocols"),
        rejects("a port range that is one port is refused", ports(range("8000")),
            FIRST + ".containerPortRange", "'8000'", "first-last"),
        rejects("a port range running backwards is refused", ports(range("8010-8000")),
            FIRST + ".containerPortRange", "'8010-8000'", "first < last"),
        rejects("a port range past 65535 is refused", ports(range("65000-65536")),
            FIRST + ".containerPortRange", "'65000-65536'", "65535"),
        rejects("a port range in host mode is refused", ports(NetworkMode.HOST, range("8000-8010")),
            FIRST + ".containerPortRange", "bridge or awsvpc", "'host'"),
        rejects("a port inside a range of the same container is refused", ports(range("8000-8010"), map(8005, null)),
            "containerDefinitions[0].portMappings[1].containerPort", "8005", "8000-8010", "only one port mapping"),
        rejects("overlapping ranges of one container are refused", ports(range("8000-8010"), range("8010-8020")),
            "containerDefinitions[0].portMappings[1].containerPortRange", "8010-8020", "overlap"),
        rejects("in awsvpc ranges of two containers collide on the host",
            taskWith(container("a").portMappings(List.of(range("8000-8010"))).build(),
                container("b").portMappings(List.of(range("8005-8006"))).build()).networkMode(NetworkMode.AWSVPC).build(),
            "containerDefinitions[1].portMappings[0].containerPortRange", "8005-8006/tcp", "already bound"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("a static host port in bridge mode", ports(map(80, 8080))),
        named("dynamic host ports for one container port in two containers",
            task(container("a").portMappings(List.of(map(80, 0))).build(),
                container("b").portMappings(List.of(map(80, null))).build())),
        named("one host port for tcp and another container's udp",
            task(container("a").portMappings(List.of(map(53, 53))).build(),
                container("b").portMappings(List.of(map(54, 53, TransportProtocol.UDP))).build())),
        named("hostPort equal to containerPort in awsvpc", ports(NetworkMode.AWSVPC, map(80, 80))),
        named("hostPort omitted in host mode", ports(NetworkMode.HOST, map(80, null))),
        named("port 1 and port 65535", ports(map(1, 65535))),
        named("a port range in bridge mode beside a single port", ports(range("8000-8010"), map(9000, null))),
        named("a port range in awsvpc", ports(NetworkMode.AWSVPC, range("8000-8010"))),
        named("in bridge mode ranges of two containers, as their host ports are dynamic",
            task(container("a").portMappings(List.of(range("8000-8010"))).build(),
                container("b").portMappings(List.of(range("8000-8010"))).build())),
        named("100 port ranges in one container", ports(ranges(100))));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("accepted")
  void accepts(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  @Test
  void rejectsMoreThanOneHundredPortRangesInOneContainer() {
    List<Violation> violations = TaskDefinitionValidator.validate(ports(ranges(101)));
    assertThat(violations).extracting(Violation::field).containsExactly("containerDefinitions[0].portMappings");
    assertThat(violations.getFirst().message()).contains("101 port ranges", "at most 100");
  }

  @Test
  void reportsAWrongHostPortInAwsvpcOnceAndNotAsACollision() {
    RegisterTaskDefinitionRequest request = taskWith(
        container("a").portMappings(List.of(map(80, 8080))).build(),
        container("b").portMappings(List.of(map(81, 8080))).build()).networkMode(NetworkMode.AWSVPC).build();
    assertThat(TaskDefinitionValidator.validate(request)).extracting(Violation::field).containsExactly(
        FIRST + ".hostPort", "containerDefinitions[1].portMappings[0].hostPort");
  }

  private static PortMapping map(Integer containerPort, Integer hostPort) {
    return PortMapping.builder().containerPort(containerPort).hostPort(hostPort).build();
  }

  private static PortMapping map(Integer containerPort, Integer hostPort, TransportProtocol protocol) {
    return PortMapping.builder().containerPort(containerPort).hostPort(hostPort).protocol(protocol).build();
  }

  private static PortMapping range(String range) {
    return PortMapping.builder().containerPortRange(range).build();
  }

  private static PortMapping[] ranges(int count) {
    List<PortMapping> list = new ArrayList<>();
    IntStream.range(0, count).forEach(i -> list.add(range((10_000 + 2 * i) + "-" + (10_001 + 2 * i))));
    return list.toArray(PortMapping[]::new);
  }

  private static RegisterTaskDefinitionRequest ports(PortMapping... mappings) {
    return task(container("web").portMappings(List.of(mappings)).build());
  }

  private static RegisterTaskDefinitionRequest ports(NetworkMode mode, PortMapping... mappings) {
    return taskWith(container("web").portMappings(List.of(mappings)).build()).networkMode(mode).build();
  }
}
