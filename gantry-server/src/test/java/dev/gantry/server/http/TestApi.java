package dev.gantry.server.http;

import dev.gantry.model.Cluster;
import dev.gantry.model.CreateClusterRequest;
import dev.gantry.model.DeleteClusterRequest;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.DescribeClustersResponse;
import dev.gantry.model.ListClustersRequest;
import dev.gantry.model.ListClustersResponse;
import dev.gantry.model.ListServicesRequest;
import dev.gantry.model.ListServicesResponse;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RegisterTaskDefinitionResponse;
import dev.gantry.model.SubmitTaskStateChangeRequest;
import dev.gantry.model.SubmitTaskStateChangeResponse;
import dev.gantry.model.TaskDefinition;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.server.auth.Credential;
import dev.gantry.server.auth.CredentialStore;
import dev.gantry.server.auth.SigV4Signer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small ECS API for protocol tests: operations with fixed answers that record the call
 * context they saw, one that fails as a client error, one that breaks, one that waits.
 */
final class TestApi implements AutoCloseable {
  static final String ROOT_KEY = "AKIAGANTRYROOTTEST01";
  static final String ROOT_SECRET = "root-secret/for+tests/0123456789abcdef";
  static final String AGENT_KEY = "AKIAGANTRYAGENTTEST1";
  static final String AGENT_SECRET = "agent-secret/for+tests/0123456789abcde";
  static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/default";
  static final String LEAKY_MESSAGE = "database password is hunter2";

  final AtomicReference<CallContext> lastContext = new AtomicReference<>();
  final AtomicReference<Object> lastRequest = new AtomicReference<>();
  final CountDownLatch slowEntered = new CountDownLatch(1);
  final CountDownLatch slowRelease = new CountDownLatch(1);
  final EcsHttpServer server;

  TestApi(Clock clock) throws Exception {
    server = EcsHttpServer.bind(new InetSocketAddress("127.0.0.1", 0));
    server.serve(operations(), routes(), credentials(), clock);
  }

  URI endpoint() {
    return server.endpoint();
  }

  static CredentialStore credentials() {
    Credential agent = new Credential(AGENT_KEY, AGENT_SECRET, new Principal.Agent(AGENT_KEY, "default", "ci-1"));
    return CredentialStore.rootOnly(ROOT_KEY, ROOT_SECRET)
        .orElse(key -> key.equals(AGENT_KEY) ? Optional.of(agent) : Optional.empty());
  }

  static SigV4Signer rootSigner() {
    return new SigV4Signer(ROOT_KEY, ROOT_SECRET, "us-east-1");
  }

  static SigV4Signer agentSigner() {
    return new SigV4Signer(AGENT_KEY, AGENT_SECRET, "us-east-1");
  }

  private <I> I record(I request, CallContext context) {
    lastContext.set(context);
    lastRequest.set(request);
    return request;
  }

  List<Operation<?, ?>> operations() {
    return List.of(
        Operation.user("ListClusters", ListClustersRequest.class, (request, context) -> {
          record(request, context);
          return ListClustersResponse.builder().clusterArns(List.of(CLUSTER_ARN)).build();
        }),
        Operation.user("DescribeClusters", DescribeClustersRequest.class, (request, context) -> {
          record(request, context);
          List<String> names = request.clusters() == null ? List.of("default") : request.clusters();
          return DescribeClustersResponse.builder()
              .clusters(names.stream().map(n -> Cluster.builder().clusterName(n).status("ACTIVE").build()).toList())
              .failures(List.of())
              .build();
        }),
        Operation.user("DeleteCluster", DeleteClusterRequest.class, (request, context) -> {
          throw EcsException.clusterNotFound(request.cluster());
        }),
        Operation.user("CreateCluster", CreateClusterRequest.class, (request, context) -> {
          throw new IllegalStateException(LEAKY_MESSAGE);
        }),
        Operation.user("RegisterTaskDefinition", RegisterTaskDefinitionRequest.class, (request, context) -> {
          record(request, context);
          return RegisterTaskDefinitionResponse.builder().taskDefinition(TaskDefinition.builder()
              .family(request.family()).revision(1).containerDefinitions(request.containerDefinitions())
              .registeredAt(context.now()).build()).build();
        }),
        Operation.agent("SubmitTaskStateChange", SubmitTaskStateChangeRequest.class, (request, context) -> {
          record(request, context);
          return SubmitTaskStateChangeResponse.builder().acknowledgment("ACK").build();
        }),
        Operation.user("ListServices", ListServicesRequest.class, (request, context) -> {
          slowEntered.countDown();
          try {
            slowRelease.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ListServicesResponse.builder().serviceArns(List.of()).build();
        }));
  }

  /** What the signed test routes take and give back. */
  record Echo(String text, Long number) {}

  List<SignedRoute<?, ?>> routes() {
    return List.of(
        SignedRoute.agent("/v1/test/echo", Echo.class, (request, context) -> {
          record(request, context);
          return new Echo(request.text() + "!", request.number());
        }),
        SignedRoute.user("/v1/test/root-only", Echo.class, (request, context) -> {
          record(request, context);
          if ("fail".equals(request.text())) {
            throw EcsException.invalidParameter("text 'fail' is not valid");
          }
          return request;
        }));
  }

  @Override
  public void close() {
    slowRelease.countDown();
    server.close();
  }
}
