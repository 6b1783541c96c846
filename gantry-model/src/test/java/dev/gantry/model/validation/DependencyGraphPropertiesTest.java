package dev.gantry.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Dependency cycles, as invariants. A random DAG is a random order of nodes where each node may
 * depend only on nodes after it; it has no cycle. Adding an edge from a node back to one that
 * reaches it always closes a cycle, which must be reported once, as a real path of the graph.
 */
class DependencyGraphPropertiesTest {

  /** Nodes in the order they are declared, and for each, the nodes it depends on. */
  record Dag(List<String> order, SequencedMap<String, List<String>> edges) {
    /** Pairs (from, to) where {@code to} already reaches {@code from}, so from -> to closes a cycle. */
    List<List<String>> backEdges() {
      List<List<String>> pairs = new ArrayList<>();
      for (String from : edges.keySet()) {
        for (String to : edges.keySet()) {
          if (!from.equals(to) && reaches(to, from)) {
            pairs.add(List.of(from, to));
          }
        }
      }
      return pairs;
    }

    boolean reaches(String from, String to) {
      List<String> frontier = new ArrayList<>(List.of(from));
      List<String> seen = new ArrayList<>();
      while (!frontier.isEmpty()) {
        String node = frontier.removeLast();
        for (String next : edges.get(node)) {
          if (next.equals(to)) {
            return true;
          }
          if (!seen.contains(next)) {
            seen.add(next);
            frontier.add(next);
          }
        }
      }
      return false;
    }

    Dag withEdge(String from, String to) {
      SequencedMap<String, List<String>> copy = new LinkedHashMap<>();
      edges.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
      copy.get(from).add(to);
      return new Dag(order, copy);
    }
  }

  @Provide
  Arbitrary<Dag> dags() {
    return dagsOf(2, 30);
  }

  /** Up to ten nodes: what fits in one task definition. */
  @Provide
  Arbitrary<Dag> taskSizedDags() {
    return dagsOf(2, 10);
  }

  private static Arbitrary<Dag> dagsOf(int min, int max) {
    return Arbitraries.integers().between(min, max).flatMap(n -> {
      List<String> names = IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
      return Combinators.combine(Arbitraries.shuffle(names), Arbitraries.of(true, false).list().ofSize(n * n))
          .as((topological, coin) -> {
            SequencedMap<String, List<String>> edges = new LinkedHashMap<>();
            names.forEach(name -> edges.put(name, new ArrayList<>()));
            for (int i = 0; i < n; i++) {
              for (int j = i + 1; j < n; j++) {
                if (coin.get(i * n + j)) {
                  edges.get(topological.get(i)).add(topological.get(j));
                }
              }
            }
            return new Dag(names, edges);
          });
    });
  }

  @Property
  @Label("a random DAG never reports a cycle")
  void dagsHaveNoCycle(@ForAll("dags") Dag dag) {
    assertThat(DependencyGraph.cycles(dag.edges())).isEmpty();
  }

  @Property
  @Label("adding a back edge always reports one cycle that is a real path through it")
  void backEdgeClosesOneCycle(@ForAll("dags") Dag dag, @ForAll("indices") int pick) {
    List<List<String>> backEdges = dag.backEdges();
    Assume.that(!backEdges.isEmpty());
    List<String> back = backEdges.get(pick % backEdges.size());
    Dag cyclic = dag.withEdge(back.get(0), back.get(1));

    List<List<String>> cycles = DependencyGraph.cycles(cyclic.edges());

    assertThat(cycles).hasSize(1);
    List<String> cycle = cycles.getFirst();
    assertThat(cycle.getFirst()).isEqualTo(cycle.getLast());
    for (int i = 0; i + 1 < cycle.size(); i++) {
      assertThat(cyclic.edges().get(cycle.get(i))).contains(cycle.get(i + 1));
    }
    assertThat(cycle).contains(back.get(0), back.get(1));
  }

  @Property
  @Label("a task definition whose dependsOn form a DAG registers; one back edge is named as a cycle")
  void validatorFollowsTheGraph(@ForAll("taskSizedDags") Dag dag, @ForAll("indices") int pick) {
    assertThat(TaskDefinitionValidator.validate(request(dag))).isEmpty();
    List<List<String>> backEdges = dag.backEdges();
    Assume.that(!backEdges.isEmpty());
    List<String> back = backEdges.get(pick % backEdges.size());

    List<Violation> violations = TaskDefinitionValidator.validate(request(dag.withEdge(back.get(0), back.get(1))));

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.field()).matches("containerDefinitions\\[\\d+]\\.dependsOn");
      assertThat(v.message()).contains("cycle", back.get(0) + " -> ", back.get(1));
    });
  }

  @Provide
  Arbitrary<Integer> indices() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Example
  @Label("a cycle is reported from its earliest declared container")
  void cycleStartsAtTheEarliestNode() {
    SequencedMap<String, List<String>> edges = new LinkedHashMap<>();
    edges.put("web", List.of("b"));
    edges.put("b", List.of("c"));
    edges.put("c", List.of("web", "d"));
    edges.put("d", List.of());
    assertThat(DependencyGraph.cycles(edges)).containsExactly(List.of("web", "b", "c", "web"));
  }

  private static RegisterTaskDefinitionRequest request(Dag dag) {
    List<ContainerDefinition> containers = new ArrayList<>();
    for (String name : dag.order()) {
      List<ContainerDependency> dependsOn = dag.edges().get(name).stream()
          .map(to -> ContainerDependency.builder().containerName(to).condition(ContainerCondition.START).build())
          .toList();
      containers.add(Fixtures.container(name).dependsOn(dependsOn).build());
    }
    return RegisterTaskDefinitionRequest.builder().family("graph").containerDefinitions(containers).build();
  }
}
