package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GantryServerTest {
  @TempDir
  Path dataDir;

  ServerConfig config(String region, String accountId) {
    return new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, region, accountId, "AKIAGANTRYROOT000001",
        "root-secret-for-tests");
  }

  @Test
  void bindsAFreePortServesAndClosesTheStoreOnClose() throws Exception {
    ClosingStore store = new ClosingStore();
    GantryServer server = GantryServer.start(config("eu-west-1", "123456789012"), store);
    URI endpoint = server.endpoint();

    HttpResponse<String> health;
    try (HttpClient client = HttpClient.newHttpClient()) {
      health = client.send(HttpRequest.newBuilder(endpoint.resolve("/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    server.close();

    assertThat(endpoint.getPort()).isPositive();
    assertThat(server.settings()).isEqualTo(new ServerSettings("eu-west-1", "123456789012", endpoint.toString()));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(store.closes.get()).isEqualTo(1);
    assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close()).isInstanceOf(IOException.class);
  }

  @Test
  void defaultsRegionAndAccountId() {
    ServerConfig config = config(null, " ");

    assertThat(config.region()).isEqualTo(ServerSettings.DEFAULT_REGION);
    assertThat(config.accountId()).isEqualTo(ServerSettings.DEFAULT_ACCOUNT_ID);
  }

  @Test
  void rejectsAnAccountIdThatCannotAppearInAnArn() {
    assertThatThrownBy(() -> config("us-east-1", "12345")).hasMessageContaining("'12345' must be 12 digits");
  }

  @Test
  void refusesToStartWithoutRootCredentialsAndLeavesTheStoreOpen() {
    ClosingStore store = new ClosingStore();
    ServerConfig noSecret = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, null, null,
        "AKIAGANTRYROOT000001", "");

    assertThatThrownBy(() -> GantryServer.start(noSecret, store)).hasMessageContaining("GANTRY_ROOT_SECRET_ACCESS_KEY");
    assertThat(store.closes.get()).isZero();
  }

  @Test
  void neverShowsTheRootSecret() {
    assertThat(config(null, null).toString()).contains("AKIAGANTRYROOT000001").doesNotContain("root-secret-for-tests");
  }

  @Test
  void saysWhichAddressItCouldNotBind() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ServerConfig busy = new ServerConfig(new InetSocketAddress("127.0.0.1", taken.getLocalPort()), dataDir, null,
          null, "AKIAGANTRYROOT000001", "root-secret-for-tests");

      assertThatThrownBy(() -> GantryServer.start(busy, new ClosingStore()))
          .hasMessageContaining("cannot listen on").hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
  }

  /** Only close() matters here; the operations are not called (the service controller only watches and lists). */
  static final class ClosingStore implements StateStore {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public Optional<KeyValue> get(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RangeResult range(Range range) {
      return new RangeResult(List.of(), false, 0);
    }

    @Override
    public TxnResult txn(Txn txn) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
      return () -> {};
    }

    @Override
    public long grantLease(Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean keepAlive(long leaseId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void revokeLease(long leaseId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long revision() {
      return 0;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }
}
