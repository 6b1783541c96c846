package dev.gantry.placement.query;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A container instance as a query sees it, for tests. */
record TestInstance(boolean agentConnected, Optional<String> agentVersion, Map<String, String> attributes,
        Optional<String> ec2InstanceId, Instant registeredAt, int runningTasksCount, Set<String> taskGroups)
        implements QueryTarget {

    /** A connected m5.large in us-east-1a running agent 1.14.5, registered 2018-06-18T22:28:28Z, with one task of service:web. */
    static TestInstance typical() {
        return new TestInstance(true, Optional.of("1.14.5"),
                Map.of("ecs.instance-type", "m5.large", "ecs.availability-zone", "us-east-1a", "ecs.os-type", "linux",
                        "stack/tier:web", "front", "cores", "8", "empty", ""),
                Optional.of("i-abcd1234"), Instant.parse("2018-06-18T22:28:28.500Z"), 1, Set.of("service:web"));
    }

    @Override
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    TestInstance withAttribute(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(attributes);
        more.put(name, value);
        return new TestInstance(agentConnected, agentVersion, Map.copyOf(more), ec2InstanceId, registeredAt,
                runningTasksCount, taskGroups);
    }

    TestInstance withAgentConnected(boolean connected) {
        return new TestInstance(connected, agentVersion, attributes, ec2InstanceId, registeredAt, runningTasksCount, taskGroups);
    }

    TestInstance withoutAgentVersion() {
        return new TestInstance(agentConnected, Optional.empty(), attributes, ec2InstanceId, registeredAt, runningTasksCount, taskGroups);
    }

    TestInstance withoutEc2InstanceId() {
        return new TestInstance(agentConnected, agentVersion, attributes, Optional.empty(), registeredAt, runningTasksCount, taskGroups);
    }

    TestInstance withTaskGroups(Set<String> groups) {
        return new TestInstance(agentConnected, agentVersion, attributes, ec2InstanceId, registeredAt, groups.size(), groups);
    }
}
