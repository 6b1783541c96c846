package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstance;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One page of ListAttributes. Items are (instance, attribute) pairs ordered by instance key and
 * then attribute name; the {@code nextToken} is the last pair returned, so a page stays correct
 * when instances or attributes change between calls (the same idea as {@link Pagination},
 * which pages whole keys and so cannot split one instance's attributes across pages).
 */
record AttributePage(List<Attribute> attributes, String nextToken) {
  private static final String TOKEN_KIND = "a1:";
  private static final char SEPARATOR = '\n';

  private record Position(String instanceKey, String name) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = instanceKey.compareTo(o.instanceKey);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  static AttributePage of(List<Records.Versioned<ContainerInstance>> instances, String cluster, String name,
      String value, String nextToken, int max) {
    Optional<Position> after = decode(nextToken, cluster);
    List<Attribute> out = new ArrayList<>();
    Position last = null;
    for (Records.Versioned<ContainerInstance> v : instances) {
      ContainerInstance instance = v.value();
      if (ContainerInstances.isDeregistered(instance) || instance.attributes() == null) {
        continue;
      }
      List<Attribute> sorted = instance.attributes().stream().sorted(Comparator.comparing(Attribute::name)).toList();
      for (Attribute a : sorted) {
        Position here = new Position(v.kv().key(), a.name());
        boolean wanted = (name == null || name.equals(a.name())) && (value == null || value.equals(a.value()));
        if (!wanted || (after.isPresent() && here.compareTo(after.get()) <= 0)) {
          continue;
        }
        if (out.size() == max) {
          return new AttributePage(out, encode(last));
        }
        out.add(Attribute.builder().name(a.name()).value(a.value())
            .targetId(instance.containerInstanceArn()).build());
        last = here;
      }
    }
    return new AttributePage(out, null);
  }

  private static String encode(Position p) {
    return Pagination.token(TOKEN_KIND, p.instanceKey() + SEPARATOR + p.name());
  }

  private static Optional<Position> decode(String token, String cluster) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Pagination.position(TOKEN_KIND, token).flatMap(raw -> position(raw, cluster)).orElseThrow(() ->
        EcsException.invalidParameter("nextToken is not valid for this request: pass back the nextToken value of "
            + "the previous ListAttributes response for the same cluster unchanged.")));
  }

  /** "instance key, separator, attribute name", for an instance of this cluster. */
  private static Optional<Position> position(String raw, String cluster) {
    int sep = raw.indexOf(SEPARATOR);
    if (sep < 0 || !raw.substring(0, sep).startsWith(Keys.instances(cluster))) {
      return Optional.empty();
    }
    return Optional.of(new Position(raw.substring(0, sep), raw.substring(sep + 1)));
  }
}
