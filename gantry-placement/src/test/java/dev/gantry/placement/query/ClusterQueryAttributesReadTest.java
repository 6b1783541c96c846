package dev.gantry.placement.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.InstancePredicate;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which queries read attributes only (so placement may ask them once per distinct value), and which attributes. */
class ClusterQueryAttributesReadTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', textBlock = """
            attribute:ecs.instance-type =~ m5.*                                  ; ecs.instance-type
            attribute:a == x and not(attribute:b exists)                         ; a b
            attribute:a == x or attribute:a in [y, z]                            ; a
            attribute:a == x and agentConnected == true                          ; -
            not(task:group == service:web)                                       ; -
            attribute:a == x or runningTasksCount > 2                            ; -
            registeredAt < 2018-06-18 and attribute:a exists                     ; -
            ec2InstanceId == i-1                                                 ; -
            agentVersion >= 1.14                                                 ; -
            """)
    void aQueryReadsAttributesOnlyWhenEverySubjectIsAnAttribute(String expression, String attributes) {
        Optional<Set<String>> expected = attributes.equals("-") ? Optional.empty()
                : Optional.of(Set.copyOf(Arrays.asList(attributes.split(" "))));
        ClusterQuery query = ClusterQuery.parse(expression);

        assertThat(query.attributesRead()).isEqualTo(expected);
        InstancePredicate predicate = QueryPredicates.of(query);
        assertThat(predicate.attributesRead()).isEqualTo(expected);
    }
}
