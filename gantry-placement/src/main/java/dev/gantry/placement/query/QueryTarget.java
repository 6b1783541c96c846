package dev.gantry.placement.query;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a cluster query can see of one container instance. The placement engine and
 * ListContainerInstances each adapt their own view of an instance to this; implementations should
 * answer from fields they already hold, since a query is evaluated for every instance of a cluster
 * for every task placed.
 */
public interface QueryTarget {

    /** Whether the instance's agent is connected ({@code agentConnected}). */
    boolean agentConnected();

    /** The agent version, such as {@code 1.14.5}, if the agent reported one ({@code agentVersion}). */
    Optional<String> agentVersion();

    /** The value of the named attribute ({@code attribute:<name>}); an attribute without a value is {@code ""}. */
    Optional<String> attribute(String name);

    /** The EC2 instance id, absent for external instances ({@code ec2InstanceId}). */
    Optional<String> ec2InstanceId();

    /** When the instance registered ({@code registeredAt}). */
    Instant registeredAt();

    /** Tasks running on the instance ({@code runningTasksCount}). */
    int runningTasksCount();

    /** The groups of the tasks running on the instance ({@code task:group}), such as {@code service:web}. */
    Set<String> taskGroups();
}
