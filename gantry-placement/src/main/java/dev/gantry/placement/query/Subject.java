package dev.gantry.placement.query;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The subjects of the cluster query language and the operators each accepts. The lists for the
 * fixed subjects are the ones ECS documents; attributes accept every operator, and task groups
 * every operator but the orderings (a set of group names has no order).
 */
enum Subject {
    AGENT_CONNECTED("agentConnected", EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN,
            Operator.NOT_IN, Operator.MATCHES, Operator.NOT_MATCHES)),
    AGENT_VERSION("agentVersion", orderedValues()),
    ATTRIBUTE("attribute:", EnumSet.allOf(Operator.class)),
    EC2_INSTANCE_ID("ec2InstanceId", EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN,
            Operator.NOT_IN, Operator.MATCHES, Operator.NOT_MATCHES)),
    REGISTERED_AT("registeredAt", orderedValues()),
    RUNNING_TASKS_COUNT("runningTasksCount", orderedValues()),
    TASK_GROUP("task:group", EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN,
            Operator.MATCHES, Operator.NOT_MATCHES, Operator.EXISTS, Operator.NOT_EXISTS));

    /** The subjects as a user would list them, for error messages. */
    static final String LISTING = "agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, "
            + "runningTasksCount, task:group";

    private final String spelling;
    private final Set<Operator> operators;

    Subject(String spelling, Set<Operator> operators) {
        this.spelling = spelling;
        this.operators = operators;
    }

    private static EnumSet<Operator> orderedValues() {
        return EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.GREATER_THAN, Operator.GREATER_THAN_EQUAL,
                Operator.LESS_THAN, Operator.LESS_THAN_EQUAL);
    }

    /** How the subject is written; for attributes the prefix before the name. */
    String spelling() {
        return spelling;
    }

    boolean accepts(Operator operator) {
        return operators.contains(operator);
    }

    /** The accepted operators as a user would write them, for error messages. */
    String operatorListing() {
        return operators.stream().map(op -> op.symbol().equals(op.word()) ? op.word() : op.symbol() + " (" + op.word() + ")")
                .collect(Collectors.joining(", "));
    }

    /** The fixed subject spelt {@code word} (attributes are recognised by their prefix elsewhere). */
    static Optional<Subject> fixed(String word) {
        for (Subject subject : values()) {
            if (subject != ATTRIBUTE && subject.spelling.equals(word)) {
                return Optional.of(subject);
            }
        }
        return Optional.empty();
    }
}
