package dev.gantry.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.server.agent.Heartbeats.InstanceRef;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.MutableClock;
import dev.gantry.store.Op;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The controller's checks called with explicit times, over an in-memory store. */
class LivenessControllerTest {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final Duration TTL = Duration.ofSeconds(10);
  static final InstanceRef A = new InstanceRef("demo", "aaaa");

  final InMemoryStateStore store = new InMemoryStateStore();
  final LivenessController controller = new LivenessController(store, new MutableClock(T0), TTL);

  void putInstance(String id, boolean connected, String status) {
    ContainerInstance instance = ContainerInstance.builder()
        .containerInstanceArn("arn:aws:ecs:us-east-1:000000000000:container-instance/demo/" + id)
        .status(status).agentConnected(connected).build();
    store.txn(new Txn(List.of(), List.of(Op.put(Keys.instance("demo", id), JsonCodec.encode(instance)))));
  }

  ContainerInstance stored(String id) {
    return JsonCodec.decode(store.get(Keys.instance("demo", id)).orElseThrow().value(), ContainerInstance.class);
  }

  @Test
  void aPollMarksADisconnectedInstanceConnected() {
    putInstance("aaaa", false, "ACTIVE");

    controller.heartbeat(A, T0, stored("aaaa"));

    assertThat(stored("aaaa").agentConnected()).isTrue();
  }

  @Test
  void writesNothingForPollsOfAConnectedInstance() {
    putInstance("aaaa", true, "ACTIVE");
    long revision = store.revision();

    controller.heartbeat(A, T0, stored("aaaa"));
    controller.heartbeat(A, T0.plusSeconds(5), stored("aaaa"));
    controller.sweep(T0.plusSeconds(9));

    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void marksAnInstanceDisconnectedOnceItsTtlHasPassedAndConnectedAgainOnItsNextPoll() {
    putInstance("aaaa", true, "ACTIVE");
    controller.heartbeat(A, T0, stored("aaaa"));

    controller.sweep(T0.plus(TTL).minusMillis(1));
    assertThat(stored("aaaa").agentConnected()).isTrue();

    controller.sweep(T0.plus(TTL));
    assertThat(stored("aaaa").agentConnected()).isFalse();
    long afterDisconnect = store.revision();
    controller.sweep(T0.plus(TTL).plusSeconds(30));
    assertThat(store.revision()).as("one write per transition").isEqualTo(afterDisconnect);

    controller.heartbeat(A, T0.plusSeconds(60), stored("aaaa"));
    assertThat(stored("aaaa").agentConnected()).isTrue();
  }

  @Test
  void givesAConnectedInstanceThatNeverPollsItsTtlFromWhenItWasNoticed() {
    putInstance("aaaa", true, "ACTIVE");

    controller.scan(T0);
    controller.sweep(T0.plus(TTL).minusMillis(1));
    assertThat(stored("aaaa").agentConnected()).isTrue();

    controller.sweep(T0.plus(TTL));
    assertThat(stored("aaaa").agentConnected()).isFalse();
  }

  @Test
  void startsTheTtlAgainWhenAnInstanceRegistersAfterBeingMarkedDisconnected() {
    putInstance("aaaa", true, "ACTIVE");
    controller.heartbeat(A, T0, stored("aaaa"));
    controller.sweep(T0.plus(TTL));
    putInstance("aaaa", true, "ACTIVE"); // RegisterContainerInstance sets agentConnected again

    controller.scan(T0.plusSeconds(20));
    controller.sweep(T0.plusSeconds(29));
    assertThat(stored("aaaa").agentConnected()).isTrue();
    controller.sweep(T0.plusSeconds(30));
    assertThat(stored("aaaa").agentConnected()).isFalse();
  }

  @Test
  void leavesDeregisteredInstancesAlone() {
    putInstance("aaaa", true, "ACTIVE");
    controller.heartbeat(A, T0, stored("aaaa"));
    putInstance("aaaa", true, "INACTIVE");

    controller.sweep(T0.plus(TTL));
    controller.scan(T0.plus(TTL));

    assertThat(stored("aaaa").agentConnected()).isTrue();
  }

  @Test
  void forgetsInstancesThatAreNoLongerRegistered() {
    putInstance("aaaa", true, "ACTIVE");
    controller.heartbeat(A, T0, stored("aaaa"));
    store.txn(new Txn(List.of(), List.of(Op.delete(Keys.instance("demo", "aaaa")))));

    controller.scan(T0.plusSeconds(1));
    putInstance("aaaa", true, "ACTIVE");
    controller.sweep(T0.plus(TTL));

    assertThat(stored("aaaa").agentConnected()).as("not judged by a heartbeat of the deleted record").isTrue();
  }

  @ParameterizedTest(name = "TTL {0} ms checks every {1} ms")
  @CsvSource({"100, 50", "10000, 1000", "3000, 300", "60000, 1000"})
  void checksOftenEnoughForTheTtl(long ttlMillis, long tickMillis) {
    LivenessController c = new LivenessController(store, new MutableClock(T0), Duration.ofMillis(ttlMillis));

    assertThat(c.tick()).isEqualTo(Duration.ofMillis(tickMillis));
  }
}
