package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ClusterField;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.DescribeClustersResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.ListClustersRequest;
import dev.gantry.model.ListClustersResponse;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.ClusterRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** DescribeClusters (any status, missing ones as failures) and ListClusters (ACTIVE ones only). */
final class ClusterReadHandler {
  static final int MAX_DESCRIBE = 100;

  private final StateStore store;
  private final ArnFormat arns;

  ClusterReadHandler(StateStore store, ArnFormat arns) {
    this.store = store;
    this.arns = arns;
  }

  DescribeClustersResponse describe(DescribeClustersRequest request, CallContext context) {
    List<String> refs = request.clusters() == null || request.clusters().isEmpty()
        ? List.of(ClusterRef.DEFAULT) : request.clusters();
    if (refs.size() > MAX_DESCRIBE) {
      throw EcsException.invalidParameter("clusters has " + refs.size() + " entries; DescribeClusters takes at most "
          + MAX_DESCRIBE + ".");
    }
    Set<ClusterField> include = Members.enumSet(ClusterField.class, request.include());
    List<Cluster> clusters = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String ref : refs) {
      Optional<String> name = ClusterRef.name(ref);
      if (name.isEmpty()) {
        failures.add(Failures.missing(ref));
        continue;
      }
      if (!seen.add(name.get())) {
        continue;
      }
      Optional<Cluster> cluster = Clusters.find(store, name.get()).map(Records.Versioned::value);
      if (cluster.isEmpty()) {
        failures.add(Failures.missing(arns.cluster(name.get())));
      } else {
        clusters.add(ClusterView.render(cluster.get(), ClusterCounts.read(store, name.get()), include));
      }
    }
    return DescribeClustersResponse.builder().clusters(clusters).failures(failures).build();
  }

  ListClustersResponse list(ListClustersRequest request, CallContext context) {
    int max = Pagination.maxResults(request.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    Pagination.Page<String> page = Pagination.page(store, Keys.CLUSTERS, request.nextToken(), max, false, kv -> {
      Cluster cluster = Records.decode(kv, Cluster.class);
      return Clusters.isActive(cluster) ? Optional.of(cluster.clusterArn()) : Optional.empty();
    });
    return ListClustersResponse.builder().clusterArns(page.items()).nextToken(page.nextTokenOrNull()).build();
  }
}
