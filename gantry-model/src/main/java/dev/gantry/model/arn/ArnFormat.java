package dev.gantry.model.arn;

/** Formats the ARNs of one Gantry installation (its region and account id). */
public record ArnFormat(String region, String accountId) {

  private String prefix() {
    return "arn:aws:ecs:" + region + ":" + accountId + ":";
  }

  public String cluster(String clusterName) {
    return prefix() + "cluster/" + clusterName;
  }

  public String taskDefinition(String family, int revision) {
    return prefix() + "task-definition/" + family + ":" + revision;
  }

  public String containerInstance(String clusterName, String id) {
    return prefix() + "container-instance/" + clusterName + "/" + id;
  }

  public String task(String clusterName, String id) {
    return prefix() + "task/" + clusterName + "/" + id;
  }

  public String service(String clusterName, String serviceName) {
    return prefix() + "service/" + clusterName + "/" + serviceName;
  }

  /** One rollout of a service, as ListServiceDeployments names it. */
  public String serviceDeployment(String clusterName, String serviceName, String id) {
    return prefix() + "service-deployment/" + clusterName + "/" + serviceName + "/" + id;
  }

  /** One configuration (task definition, placement, ...) a service ran, as a service deployment targets it. */
  public String serviceRevision(String clusterName, String serviceName, String id) {
    return prefix() + "service-revision/" + clusterName + "/" + serviceName + "/" + id;
  }

  /** The IAM identity shown as {@code registeredBy}/{@code principalArn} for root credentials. */
  public String rootPrincipal() {
    return "arn:aws:iam::" + accountId + ":root";
  }
}
