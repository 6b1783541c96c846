package dev.gantry.server;

import dev.gantry.server.api.ServerSettings;
import java.net.InetSocketAddress;
import dev.gantry.server.agent.AgentChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import dev.gantry.reconcile.SchedulerSettings;
import dev.gantry.server.ops.TaskReaper;

/**
 * Everything `gantry server` is started with. A null or blank region or account id means the
 * default ({@code us-east-1}, {@code 000000000000}); a null agent liveness TTL means 10 s (an
 * instance whose agent has not polled for that long is {@code agentConnected: false}; polls
 * are held for a third of it). {@code scheduler}: the service scheduler's timing (null: its
 * defaults, see {@link SchedulerSettings}); its liveness TTL is always {@code agentLivenessTtl}.
 * {@code stoppedTaskRetention}: how long a STOPPED task stays visible before it is deleted (null:
 * one hour, as ECS; at least one second).
 * Secrets never reach toString().
 */
public record ServerConfig(
    InetSocketAddress listen,
    Path dataDir,
    String region,
    String accountId,
    String rootAccessKeyId,
    String rootSecretAccessKey,
    Duration agentLivenessTtl,
    SchedulerSettings scheduler,
    Duration stoppedTaskRetention) {

  /** With the default stopped-task retention. */
  public ServerConfig(InetSocketAddress listen, Path dataDir, String region, String accountId, String rootAccessKeyId,
      String rootSecretAccessKey, Duration agentLivenessTtl, SchedulerSettings scheduler) {
    this(listen, dataDir, region, accountId, rootAccessKeyId, rootSecretAccessKey, agentLivenessTtl, scheduler, null);
  }

  /** With the default service scheduler timing. */
  public ServerConfig(InetSocketAddress listen, Path dataDir, String region, String accountId, String rootAccessKeyId,
      String rootSecretAccessKey, Duration agentLivenessTtl) {
    this(listen, dataDir, region, accountId, rootAccessKeyId, rootSecretAccessKey, agentLivenessTtl, null);
  }

  /** With the default agent liveness TTL. */
  public ServerConfig(InetSocketAddress listen, Path dataDir, String region, String accountId, String rootAccessKeyId,
      String rootSecretAccessKey) {
    this(listen, dataDir, region, accountId, rootAccessKeyId, rootSecretAccessKey, null);
  }

  /** The longest stopped tasks may be kept; also keeps the reaper's time arithmetic far from overflow. */
  public static final Duration MAX_STOPPED_TASK_RETENTION = Duration.ofDays(365);
  /** The shortest stopped tasks may be kept. */
  public static final Duration MIN_STOPPED_TASK_RETENTION = Duration.ofSeconds(1);
  /** The shortest agent liveness TTL. */
  public static final Duration MIN_AGENT_LIVENESS_TTL = Duration.ofMillis(100);

  public ServerConfig {
    Objects.requireNonNull(listen, "listen");
    region = region == null || region.isBlank() ? ServerSettings.DEFAULT_REGION : region.strip();
    accountId = accountId == null || accountId.isBlank() ? ServerSettings.DEFAULT_ACCOUNT_ID : accountId.strip();
    if (!accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits, as in ARNs");
    }
    agentLivenessTtl = agentLivenessTtl == null ? AgentChannel.DEFAULT_LIVENESS_TTL : agentLivenessTtl;
    if (agentLivenessTtl.compareTo(MIN_AGENT_LIVENESS_TTL) < 0) {
      throw new IllegalArgumentException("agent liveness TTL " + agentLivenessTtl + " is too short: give 100 ms or more");
    }
    scheduler = (scheduler == null ? SchedulerSettings.DEFAULTS : scheduler)
        .withLiveness(agentLivenessTtl, (scheduler == null ? SchedulerSettings.DEFAULTS : scheduler).replaceGrace());
    stoppedTaskRetention = stoppedTaskRetention == null ? TaskReaper.DEFAULT_RETENTION : stoppedTaskRetention;
    if (stoppedTaskRetention.compareTo(MIN_STOPPED_TASK_RETENTION) < 0
        || stoppedTaskRetention.compareTo(MAX_STOPPED_TASK_RETENTION) > 0) {
      throw new IllegalArgumentException("stopped task retention " + stoppedTaskRetention + " is out of range: give 1 s"
          + " to 365 days (ECS keeps stopped tasks for 1 h)");
    }
  }

  /** The same configuration with another agent liveness TTL. */
  public ServerConfig withAgentLivenessTtl(Duration ttl) {
    return new ServerConfig(listen, dataDir, region, accountId, rootAccessKeyId, rootSecretAccessKey, ttl, scheduler,
        stoppedTaskRetention);
  }

  /** The same configuration with other service scheduler timing (its liveness TTL stays {@code agentLivenessTtl}). */
  public ServerConfig withScheduler(SchedulerSettings settings) {
    return new ServerConfig(listen, dataDir, region, accountId, rootAccessKeyId, rootSecretAccessKey, agentLivenessTtl,
        settings, stoppedTaskRetention);
  }

  /** The same configuration with another stopped-task retention. */
  public ServerConfig withStoppedTaskRetention(Duration retention) {
    return new ServerConfig(listen, dataDir, region, accountId, rootAccessKeyId, rootSecretAccessKey, agentLivenessTtl,
        scheduler, retention);
  }

  @Override
  public String toString() {
    return "ServerConfig[listen=" + listen + ", dataDir=" + dataDir + ", region=" + region
        + ", accountId=" + accountId + ", rootAccessKeyId=" + rootAccessKeyId + ", agentLivenessTtl="
        + agentLivenessTtl + ", scheduler=" + scheduler + ", stoppedTaskRetention=" + stoppedTaskRetention + "]";
  }
}
