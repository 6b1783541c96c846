package dev.gantry.placement.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each subject and operator against {@link TestInstance#typical()}. */
class ClusterQueryEvaluationTest {

    private static final TestInstance TYPICAL = TestInstance.typical();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            agentConnected == true                      ; true
            agentConnected equals false                 ; false
            agentConnected != false                     ; true
            agentConnected in [false, true]             ; true
            agentConnected not_in [true]                ; false
            agentConnected =~ t.*                       ; true
            agentConnected !~ t.*                       ; false
            agentVersion == 1.14.5                      ; true
            agentVersion == 1.14.5.0                    ; true
            agentVersion != 1.14.5                      ; false
            agentVersion < 1.14.10                      ; true
            agentVersion < 1.9                          ; false
            agentVersion <= 1.14.5                      ; true
            agentVersion > 1.2.99                       ; true
            agentVersion >= 1.15                        ; false
            attribute:ecs.instance-type == m5.large     ; true
            attribute:ecs.instance-type == M5.large     ; false
            attribute:ecs.instance-type != m5.large     ; false
            attribute:ecs.instance-type =~ m5.*         ; true
            attribute:ecs.instance-type =~ m5           ; false
            attribute:ecs.instance-type matches '(m5|c5)\\.large' ; true
            attribute:ecs.instance-type !~ g2.*         ; true
            attribute:ecs.instance-type in [c5.large, m5.large] ; true
            attribute:ecs.instance-type !in [c5.large, m5.large] ; false
            attribute:ecs.instance-type exists          ; true
            attribute:ecs.instance-type !exists         ; false
            attribute:stack/tier:web == front           ; true
            attribute:empty exists                      ; true
            attribute:empty == ''                       ; true
            attribute:missing exists                    ; false
            attribute:missing not_exists                ; true
            attribute:missing == x                      ; false
            attribute:missing != x                      ; false
            not(attribute:missing == x)                 ; true
            attribute:empty != x                        ; true
            attribute:missing =~ .*                     ; false
            attribute:missing !in [x]                   ; false
            attribute:missing !~ x.*                    ; false
            attribute:missing > 0                       ; false
            attribute:cores > 10                        ; false
            attribute:cores >= 8.0                      ; true
            attribute:cores < 10                        ; true
            attribute:ecs.os-type > abc                 ; true
            attribute:ecs.os-type less_than_equal linux ; true
            ec2InstanceId == i-abcd1234                 ; true
            ec2InstanceId in ['i-abcd1234', 'i-wxyx7890'] ; true
            ec2InstanceId not_in ['i-wxyx7890']         ; true
            ec2InstanceId =~ i-[a-f0-9]+                ; true
            registeredAt == 2018-06-18                  ; true
            registeredAt < 2018-06-18                   ; false
            registeredAt > 2018-06-18                   ; false
            registeredAt != 2018-06-17                  ; true
            registeredAt > 2018-06-17                   ; true
            registeredAt <= 2018-06-18                  ; true
            registeredAt < 2018-06-19                   ; true
            registeredAt == 2018-06-18T22:28:28Z        ; true
            registeredAt == 2018-06-18T22:28:28         ; true
            registeredAt == 2018-06-19T00:28:28+02:00   ; true
            registeredAt > 2018-06-18T22:28:27Z         ; true
            registeredAt >= 2018-06-18T22:28:29Z        ; false
            registeredAt < 2018-06-18T22:28:29+00:00    ; true
            registeredAt != 2018-06-18T22:28:28Z        ; false
            runningTasksCount == 1                      ; true
            runningTasksCount != 1                      ; false
            runningTasksCount > 0                       ; true
            runningTasksCount >= 2                      ; false
            runningTasksCount < 2                       ; true
            runningTasksCount <= 0                      ; false
            task:group == service:web                   ; true
            task:group == database                      ; false
            not(task:group == database)                 ; true
            task:group != service:web                   ; false
            task:group in [database, service:web]       ; true
            task:group !in [database]                   ; true
            task:group =~ service:.*                    ; true
            task:group !~ service:.*                    ; false
            task:group exists                           ; true
            task:group not_exists                       ; false
            attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d ; false
            attribute:ecs.instance-type =~ m5.* and attribute:ecs.availability-zone != us-east-1d ; true
            runningTasksCount == 0 or task:group == service:web ; true
            runningTasksCount == 0 or task:group == db and agentConnected == true ; false
            (runningTasksCount == 1 or task:group == db) and agentConnected == true ; true
            """)
    void evaluatesAgainstTheTypicalInstance(String expression, boolean expected) {
        assertThat(ClusterQuery.parse(expression).matches(TYPICAL)).isEqualTo(expected);
    }

    @Test
    void disconnectedAgentsAreFoundByAgentConnected() {
        ClusterQuery disconnected = ClusterQuery.parse("agentConnected == false");
        assertThat(disconnected.matches(TYPICAL.withAgentConnected(false))).isTrue();
        assertThat(disconnected.matches(TYPICAL)).isFalse();
    }

    @Test
    void anInstanceWithoutAnAgentVersionOrEc2IdMatchesNoComparisonOnThemOnlyNot() {
        TestInstance external = TYPICAL.withoutAgentVersion().withoutEc2InstanceId();
        assertThat(ClusterQuery.parse("agentVersion < 99").matches(external)).isFalse();
        assertThat(ClusterQuery.parse("agentVersion != 1.14.5").matches(external)).isFalse();
        assertThat(ClusterQuery.parse("not(agentVersion == 1.14.5)").matches(external)).isTrue();
        assertThat(ClusterQuery.parse("ec2InstanceId =~ .*").matches(external)).isFalse();
        assertThat(ClusterQuery.parse("ec2InstanceId != i-abcd1234").matches(external)).isFalse();
        assertThat(ClusterQuery.parse("ec2InstanceId not_in [i-abcd1234]").matches(external)).isFalse();
        assertThat(ClusterQuery.parse("not ec2InstanceId == i-abcd1234").matches(external)).isTrue();
    }

    @Test
    void aNegatedComparisonSelectsOnlyInstancesThatHaveTheAttribute() {
        // ECS: "attribute:stack != prod" lists the instances with a stack attribute other than prod
        ClusterQuery notProd = ClusterQuery.parse("attribute:stack != prod");
        assertThat(notProd.matches(TYPICAL.withAttribute("stack", "dev"))).isTrue();
        assertThat(notProd.matches(TYPICAL.withAttribute("stack", "prod"))).isFalse();
        assertThat(notProd.matches(TYPICAL)).isFalse();
        ClusterQuery notProdOrNone = ClusterQuery.parse("attribute:stack !exists or attribute:stack != prod");
        assertThat(notProdOrNone.matches(TYPICAL)).isTrue();
        assertThat(notProdOrNone.matches(TYPICAL.withAttribute("stack", "prod"))).isFalse();
    }

    @Test
    void taskGroupConditionsLookAtEveryTaskOnTheInstance() {
        TestInstance idle = TYPICAL.withTaskGroups(Set.of());
        TestInstance busy = TYPICAL.withTaskGroups(Set.of("service:web", "database", "family:batch"));
        ClusterQuery antiAffinity = ClusterQuery.parse("not (task:group == database)");
        assertThat(antiAffinity.matches(idle)).isTrue();
        assertThat(antiAffinity.matches(busy)).isFalse();
        assertThat(ClusterQuery.parse("task:group != database").matches(idle)).isFalse();
        assertThat(ClusterQuery.parse("task:group != database").matches(TYPICAL)).isTrue();
        assertThat(ClusterQuery.parse("task:group !in [database]").matches(busy)).isFalse();
        assertThat(ClusterQuery.parse("task:group exists").matches(idle)).isFalse();
        assertThat(ClusterQuery.parse("task:group =~ family:.*").matches(busy)).isTrue();
        assertThat(ClusterQuery.parse("task:group in [x, database]").matches(busy)).isTrue();
    }

    @Test
    void ordersAgentVersionsByNumberNotByText() {
        assertThat(QueryArguments.compareVersions("1.9.0", "1.14.0")).isNegative();
        assertThat(QueryArguments.compareVersions("1.14", "1.14.0")).isZero();
        assertThat(QueryArguments.compareVersions("2", "1.99.99")).isPositive();
        assertThat(QueryArguments.compareVersions("1.14.5-rc1", "1.14.5")).isPositive();
        assertThat(QueryArguments.compareVersions("1..2", "1.0.2")).isZero();
    }
}
