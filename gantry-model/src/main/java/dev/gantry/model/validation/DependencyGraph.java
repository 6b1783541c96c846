package dev.gantry.model.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Finds dependency cycles among containers so that each can be shown to the user as a path.
 * Goal: one cycle per group of containers that wait on each other, not every cycle (a dense
 * graph has exponentially many). Algorithm: Tarjan's strongly connected components; each
 * component with two or more nodes holds a cycle, reported as the shortest path (breadth-first)
 * from its earliest node back to itself. Self-edges are ignored: callers report them directly.
 * Deterministic: nodes and edges are visited in the order given.
 */
final class DependencyGraph {
  private final SequencedMap<String, List<String>> edges;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> lowLink = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();
  private final List<Set<String>> components = new ArrayList<>();

  private DependencyGraph(SequencedMap<String, List<String>> edges) {
    this.edges = edges;
  }

  /**
   * Cycles in the graph, each a path that starts and ends at the same node, e.g. {@code [a, b, a]}.
   * {@code edges} maps each node to the nodes it depends on; targets that are not keys are ignored.
   */
  static List<List<String>> cycles(SequencedMap<String, List<String>> edges) {
    DependencyGraph graph = new DependencyGraph(edges);
    for (String node : edges.keySet()) {
      if (!graph.index.containsKey(node)) {
        graph.connect(node);
      }
    }
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> component : graph.components) {
      if (component.size() > 1) {
        String start = edges.keySet().stream().filter(component::contains).findFirst().orElseThrow();
        cycles.add(graph.shortestCycle(start, component));
      }
    }
    cycles.sort((a, b) -> Integer.compare(graph.position(a.getFirst()), graph.position(b.getFirst())));
    return cycles;
  }

  private void connect(String node) {
    index.put(node, index.size());
    lowLink.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : successors(node)) {
      if (!index.containsKey(next)) {
        connect(next);
        lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
      } else if (onStack.contains(next)) {
        lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
      }
    }
    if (lowLink.get(node).equals(index.get(node))) {
      Set<String> component = new LinkedHashSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      components.add(component);
    }
  }

  private List<String> shortestCycle(String start, Set<String> component) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (String next : successors(node)) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String at = node; !at.equals(start); at = parent.get(at)) {
            path.add(1, at);
          }
          path.add(start);
          return path;
        }
        if (component.contains(next) && !parent.containsKey(next)) {
          parent.put(next, node);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("a strongly connected component without a cycle through " + start);
  }

  private List<String> successors(String node) {
    return edges.getOrDefault(node, List.of()).stream()
        .filter(next -> !next.equals(node) && edges.containsKey(next))
        .toList();
  }

  private int position(String node) {
    int i = 0;
    for (String key : edges.keySet()) {
      if (key.equals(node)) {
        return i;
      }
      i++;
    }
    return i;
  }
}
