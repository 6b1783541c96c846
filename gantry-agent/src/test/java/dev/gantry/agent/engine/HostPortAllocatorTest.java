package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.agent.config.PortRange;
import dev.gantry.model.PortMapping;
import dev.gantry.model.TransportProtocol;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPortAllocatorTest {
  private static final PortRange RANGE = new PortRange(50000, 50004);

  static PortMapping mapping(int containerPort, Integer hostPort, TransportProtocol protocol) {
    return PortMapping.builder().containerPort(containerPort).hostPort(hostPort).protocol(protocol).build();
  }

  @Test
  void allocatesOnlyForDynamicMappingsFromTheCursor() {
    var a = HostPortAllocator.allocate(List.of(mapping(80, 0, null), mapping(443, 8443, null),
        mapping(53, null, TransportProtocol.UDP)), RANGE, 50002, Set.of(), Set.of(), (p, proto) -> true);
    assertThat(a.hostPorts()).isEqualTo(Map.of("80/tcp", 50002, "53/udp", 50003));
    assertThat(a.nextCursor()).isEqualTo(50004);
  }

  @Test
  void skipsHeldReservedAndBusyPortsAndWrapsAround() {
    var a = HostPortAllocator.allocate(List.of(mapping(80, 0, null)), RANGE, 50003,
        Set.of("50003/tcp"), Set.of("50004/tcp"), (p, proto) -> p != 50000);
    assertThat(a.hostPorts()).containsEntry("80/tcp", 50001);
  }

  @Test
  void aPortHeldForUdpIsStillFreeForTcp() {
    var a = HostPortAllocator.allocate(List.of(mapping(80, 0, TransportProtocol.TCP)), RANGE, 50000,
        Set.of("50000/udp"), Set.of(), (p, proto) -> true);
    assertThat(a.hostPorts()).containsEntry("80/tcp", 50000);
  }

  @Test
  void refusesWhenTheRangeIsFullNamingIt() {
    assertThatThrownBy(() -> HostPortAllocator.allocate(List.of(mapping(80, 0, null)), RANGE, 50000, Set.of(),
        Set.of(), (p, proto) -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ECS_DYNAMIC_HOST_PORT_RANGE 50000-50004").hasMessageContaining("80/tcp");
  }

  @Test
  void theBindCheckSeesAPortInUse() throws Exception {
    try (var socket = new java.net.ServerSocket(0)) {
      assertThat(PortBook.free(socket.getLocalPort(), TransportProtocol.TCP)).isFalse();
    }
  }
}
