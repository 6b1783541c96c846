package dev.gantry.server.ops;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.DeregisterTaskDefinitionRequest;
import dev.gantry.model.DeregisterTaskDefinitionResponse;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RegisterTaskDefinitionResponse;
import dev.gantry.model.TaskDefinition;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.StateStore;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Instant;
import java.util.List;

/** The task definition operations over an in-memory store, called as the operator. */
final class TaskDefinitionFixture {
  static final ServerSettings SETTINGS = new ServerSettings("us-east-1", "000000000000", "http://127.0.0.1:7777");
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");
  static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

  final StateStore store;
  final List<Operation<?, ?>> operations;

  TaskDefinitionFixture() {
    this(new InMemoryStateStore());
  }

  TaskDefinitionFixture(StateStore store) {
    this.store = store;
    this.operations = TaskDefinitionOperations.operations(store, SETTINGS);
  }

  static CallContext context() {
    return new CallContext(new Principal.Root("AKIDROOT"), NOW, "request-1");
  }

  @SuppressWarnings("unchecked")
  <I, O> O call(String name, I request) {
    Operation<I, O> op = (Operation<I, O>) operations.stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operation " + name));
    return op.handler().handle(request, context());
  }

  static RegisterTaskDefinitionRequest simple(String family) {
    return RegisterTaskDefinitionRequest.builder()
        .family(family)
        .containerDefinitions(List.of(ContainerDefinition.builder().name("app").image("busybox").memory(64).build()))
        .build();
  }

  TaskDefinition register(RegisterTaskDefinitionRequest request) {
    RegisterTaskDefinitionResponse response = call("RegisterTaskDefinition", request);
    return response.taskDefinition();
  }

  TaskDefinition register(String family) {
    return register(simple(family));
  }

  /** The revision as stored, with its tags. */
  StoredTaskDefinition stored(String family, int revision) {
    return TaskDefinitionLookup.revision(store, family, revision).orElseThrow().value();
  }

  /** The family's bookkeeping record as stored. */
  TaskDefinitionFamily family(String family) {
    return TaskDefinitionLookup.family(store, family).orElseThrow().value();
  }

  TaskDefinition deregister(String reference) {
    DeregisterTaskDefinitionResponse response = call("DeregisterTaskDefinition",
        DeregisterTaskDefinitionRequest.builder().taskDefinition(reference).build());
    return response.taskDefinition();
  }
}
