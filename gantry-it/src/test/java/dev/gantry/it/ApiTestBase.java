package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.ValidatingEcsClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * One real server per test class (SQLite store in a temp dir, HTTP on a free loopback port),
 * driven by the real AWS SDK for Java v2 whose every response is checked against the ECS
 * service model. The class fails if any response broke the model or none was checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {
  protected static final String REGION = "us-east-1";
  protected static final String ACCOUNT = "000000000000";
  protected final String accessKeyId = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
  protected final String secretAccessKey = UUID.randomUUID().toString() + UUID.randomUUID();
  protected Path dataDir;
  protected GantryServer server;
  protected ValidatingEcsClient client;
  protected EcsClient ecs;

  @BeforeAll
  void startServer() throws Exception {
    dataDir = Files.createTempDirectory("gantry-it-");
    server = GantryServer.start(new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, REGION, ACCOUNT,
        accessKeyId, secretAccessKey));
    client = ValidatingEcsClient.create(server.endpoint(), accessKeyId, secretAccessKey);
    ecs = client.ecs();
  }

  @AfterAll
  void stopServer() throws Exception {
    try {
      client.assertNoProblems();
      assertThat(client.validator().validatedCount()).as("responses validated against the service model").isPositive();
    } finally {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      TempDirs.delete(dataDir);
    }
  }

  protected String arn(String type, String path) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":" + type + "/" + path;
  }
}
