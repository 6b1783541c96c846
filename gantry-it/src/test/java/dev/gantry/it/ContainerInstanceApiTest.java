package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TargetType;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

class ContainerInstanceApiTest extends ApiTestBase {
  private static final String CLUSTER = "hosts";

  @BeforeAll
  void createCluster() {
    ecs.createCluster(r -> r.clusterName(CLUSTER));
  }

  private ContainerInstance register(String instanceId) {
    return ecs.registerContainerInstance(r -> r.cluster(CLUSTER)
        .instanceIdentityDocument("{\"instanceId\":\"" + instanceId
            + "\",\"availabilityZone\":\"us-east-1b\",\"instanceType\":\"m5.xlarge\",\"region\":\"us-east-1\"}")
        .totalResources(Resources.cpuAndMemory(4096, 15000))
        .versionInfo(VersionInfo.builder().agentVersion("0.1.0").dockerVersion("20.10.24").build())
        .attributes(Attribute.builder().name("stack").value("blue").build()))
        .containerInstance();
  }

  @Test
  void aRegisteredInstanceIsActiveConnectedAndReportsItsResources() {
    ContainerInstance ci = register("i-0000000000000001");
    assertThat(ci.containerInstanceArn()).startsWith(arn("container-instance", CLUSTER + "/"));
    assertThat(ci.ec2InstanceId()).isEqualTo("i-0000000000000001");
    assertThat(ci.status()).isEqualTo("ACTIVE");
    assertThat(ci.agentConnected()).isTrue();
    assertThat(ci.registeredResources()).anySatisfy(res -> {
      assertThat(res.name()).isEqualTo("CPU");
      assertThat(res.integerValue()).isEqualTo(4096);
    });
    assertThat(ci.remainingResources()).anySatisfy(res -> {
      assertThat(res.name()).isEqualTo("MEMORY");
      assertThat(res.integerValue()).isEqualTo(15000);
    });
    assertThat(ci.attributes()).extracting(Attribute::name)
        .contains("stack", "ecs.availability-zone", "ecs.instance-type");
  }

  @Test
  void reRegisteringTheSameHostKeepsItsContainerInstance() {
    ContainerInstance first = register("i-0000000000000002");
    ContainerInstance again = register("i-0000000000000002");
    assertThat(again.containerInstanceArn()).isEqualTo(first.containerInstanceArn());
    assertThat(again.version()).isGreaterThan(first.version());
  }

  @Test
  void drainingAndDeregisteringShowInDescribeAndList() {
    String arn = register("i-0000000000000003").containerInstanceArn();
    ContainerInstance draining = ecs.updateContainerInstancesState(r -> r.cluster(CLUSTER).containerInstances(arn)
        .status(ContainerInstanceStatus.DRAINING)).containerInstances().getFirst();
    assertThat(draining.status()).isEqualTo("DRAINING");
    assertThat(ecs.listContainerInstances(r -> r.cluster(CLUSTER).status(ContainerInstanceStatus.DRAINING))
        .containerInstanceArns()).containsExactly(arn);
    ContainerInstance gone = ecs.deregisterContainerInstance(r -> r.cluster(CLUSTER).containerInstance(arn))
        .containerInstance();
    assertThat(gone.status()).isEqualTo("INACTIVE");
    assertThat(ecs.listContainerInstances(r -> r.cluster(CLUSTER)).containerInstanceArns()).doesNotContain(arn);
    DescribeContainerInstancesResponse described = ecs.describeContainerInstances(r -> r.cluster(CLUSTER)
        .containerInstances(arn, "0123456789abcdef0123456789abcdef"));
    assertThat(described.containerInstances()).singleElement()
        .satisfies(ci -> assertThat(ci.status()).isEqualTo("INACTIVE"));
    assertThat(described.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
  }

  @Test
  void customAttributesArePutListedAndDeleted() {
    String arn = register("i-0000000000000004").containerInstanceArn();
    Attribute gpu = Attribute.builder().name("gpu-model").value("none").targetType(TargetType.CONTAINER_INSTANCE)
        .targetId(arn).build();
    assertThat(ecs.putAttributes(r -> r.cluster(CLUSTER).attributes(gpu)).attributes()).contains(gpu);
    assertThat(ecs.listAttributes(r -> r.cluster(CLUSTER).targetType(TargetType.CONTAINER_INSTANCE)
        .attributeName("gpu-model")).attributes()).singleElement()
        .satisfies(a -> assertThat(a.targetId()).isEqualTo(arn));
    ecs.deleteAttributes(r -> r.cluster(CLUSTER).attributes(gpu));
    assertThat(ecs.listAttributes(r -> r.cluster(CLUSTER).targetType(TargetType.CONTAINER_INSTANCE)
        .attributeName("gpu-model")).attributes()).isEmpty();
  }

  @Test
  void anAttributeWithAnInvalidNameIsRejectedNamingIt() {
    String arn = register("i-0000000000000005").containerInstanceArn();
    assertThatThrownBy(() -> ecs.putAttributes(r -> r.cluster(CLUSTER).attributes(Attribute.builder()
        .name("bad name with spaces").value("x").targetType(TargetType.CONTAINER_INSTANCE).targetId(arn).build())))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("bad name with spaces");
  }

  @Test
  void containerInstancesCanBeTagged() {
    String arn = register("i-0000000000000006").containerInstanceArn();
    ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("rack").value("r12").build()));
    assertThat(ecs.listTagsForResource(r -> r.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("rack").value("r12").build());
    assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("aws:owner").value("x").build())))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void agentsDiscoverThisServerAsTheirPollEndpoint() {
    String arn = register("i-0000000000000007").containerInstanceArn();
    var endpoint = ecs.discoverPollEndpoint(r -> r.cluster(CLUSTER).containerInstance(arn));
    assertThat(endpoint.endpoint()).isEqualTo(server.endpoint().toString());
  }
}
