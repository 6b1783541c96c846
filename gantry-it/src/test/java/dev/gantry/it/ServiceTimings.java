package dev.gantry.it;

import dev.gantry.server.ServerConfig;
import java.time.Duration;

/**
 * Where the end-to-end service tests shorten the scheduler's timings on the server's
 * configuration: the settle time (ECS: 40 s before a task without health checks counts healthy)
 * and the grace after the liveness TTL before a silent agent's tasks are replaced.
 */
final class ServiceTimings {
  private ServiceTimings() {}

  static ServerConfig shortened(ServerConfig config, Duration settleTime, Duration replaceGrace) {
    return config.withScheduler(config.scheduler().withSettleTime(settleTime)
        .withLiveness(config.agentLivenessTtl(), replaceGrace));
  }
}
