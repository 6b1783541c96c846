package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ServiceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ServiceEventsTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  @Test
  void newEventsGoInFrontInTheOrderTheyHappened() {
    List<ServiceEvent> old = ServiceEvents.add(List.of(), List.of("first"), NOW.minusSeconds(5), new Random(1));

    List<ServiceEvent> events = ServiceEvents.add(old, List.of("second", "third"), NOW, new Random(2));

    assertThat(events).extracting(ServiceEvent::message).containsExactly("third", "second", "first");
    assertThat(events.get(0).createdAt()).isEqualTo(NOW);
    assertThat(events.get(2).createdAt()).isEqualTo(NOW.minusSeconds(5));
  }

  @Test
  void eventIdsAreVersion4Uuids() {
    ServiceEvent e = ServiceEvents.add(List.of(), List.of("x"), NOW, new Random(3)).getFirst();

    assertThat(e.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Property
  void aServiceKeepsItsNewestHundredEventsNewestFirst(@ForAll @IntRange(min = 0, max = 150) int before,
      @ForAll @IntRange(min = 0, max = 150) int added) {
    List<ServiceEvent> events = ServiceEvents.add(List.of(), messages(0, before), NOW, new Random(before));

    events = ServiceEvents.add(events, messages(before, added), NOW, new Random(added));

    List<String> expected = new ArrayList<>(messages(0, before + added)).reversed().stream()
        .limit(ServiceEvents.MAX_EVENTS).toList();
    assertThat(events).extracting(ServiceEvent::message).containsExactlyElementsOf(expected);
  }

  private static List<String> messages(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> "event " + i).toList();
  }

  @Test
  void messagesUseEcsWording() {
    assertThat(ServiceEvents.steadyState("web")).isEqualTo("(service web) has reached a steady state.");
    assertThat(ServiceEvents.startedTasks("web", List.of("a1", "b2")))
        .isEqualTo("(service web) has started 2 tasks: (task a1) (task b2).");
    assertThat(ServiceEvents.stoppedTasks("web", List.of("a1")))
        .isEqualTo("(service web) has stopped 1 running tasks: (task a1).");
    assertThat(ServiceEvents.unableToConsistentlyStart("web"))
        .isEqualTo("(service web) is unable to consistently start tasks successfully.");
    assertThat(ServiceEvents.deploymentCompleted("web", "ecs-svc/1234567890123456789"))
        .isEqualTo("(service web) (deployment ecs-svc/1234567890123456789) deployment completed.");
    assertThat(ServiceEvents.unableToPlace("web", "The closest matching (container-instance i-1) has insufficient "
        + "memory available.")).startsWith("(service web) was unable to place a task because no container instance "
        + "met all of its requirements. The closest");
  }
}
