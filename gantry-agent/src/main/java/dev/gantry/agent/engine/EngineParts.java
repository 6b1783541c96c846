package dev.gantry.agent.engine;

import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What every task worker of one engine shares: Docker, the server, the settings, the ports, the
 * time, and the metadata endpoint when the engine serves one.
 */
record EngineParts(ContainerRuntime runtime, TaskStateReporter reporter, EngineSettings settings, PortBook ports,
    ImagePulls pulls, Clock clock, RandomGenerator random, Optional<EngineMetadata> metadata) {}
