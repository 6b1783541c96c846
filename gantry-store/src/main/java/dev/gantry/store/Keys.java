package dev.gantry.store;

/**
 * The one place that knows the key layout. Revisions are zero-padded so that key order is
 * numeric order, which makes "latest revision" a reverse range with limit 1.
 */
public final class Keys {
  private Keys() {}

  public static final String CLUSTERS = "/clusters/";
  public static final String TASK_DEFINITIONS = "/taskdefs/";
  public static final String TASK_DEFINITION_FAMILIES = "/taskdef-families/";
  public static final String INSTANCES = "/instances/";
  public static final String INSTANCE_HOSTS = "/instance-hosts/";
  public static final String INSTANCE_HOSTS_INDEXED = "/instance-hosts-indexed/";
  public static final String TASKS = "/tasks/";
  public static final String SERVICES = "/services/";
  public static final String ACCOUNT_SETTINGS = "/account-settings/";
  public static final String CREDENTIALS = "/credentials/";

  public static String cluster(String name) {
    return CLUSTERS + name;
  }

  /** All revisions of one family; the trailing slash keeps "web" from matching "web-2". */
  public static String taskDefinitionFamily(String family) {
    return TASK_DEFINITIONS + family + "/";
  }

  public static String taskDefinition(String family, int revision) {
    return taskDefinitionFamily(family) + String.format("%010d", revision);
  }

  /** Per-family bookkeeping (last revision handed out), the compare target for registering. */
  public static String taskDefinitionFamilyMeta(String family) {
    return TASK_DEFINITION_FAMILIES + family;
  }

  public static String instances(String cluster) {
    return INSTANCES + cluster + "/";
  }

  public static String instance(String cluster, String id) {
    return instances(cluster) + id;
  }

  /**
   * Which container instance of {@code cluster} the host with EC2 instance id {@code ec2InstanceId}
   * (the identity document's instanceId) is registered as: RegisterContainerInstance's index.
   */
  public static String instanceHost(String cluster, String ec2InstanceId) {
    return INSTANCE_HOSTS + cluster + "/" + ec2InstanceId;
  }

  /** Present once {@link #instanceHost} entries cover every instance of {@code cluster} (older stores had none). */
  public static String instanceHostsIndexed(String cluster) {
    return INSTANCE_HOSTS_INDEXED + cluster;
  }

  public static String tasks(String cluster) {
    return TASKS + cluster + "/";
  }

  public static String task(String cluster, String id) {
    return tasks(cluster) + id;
  }

  public static String services(String cluster) {
    return SERVICES + cluster + "/";
  }

  public static String service(String cluster, String name) {
    return services(cluster) + name;
  }

  /**
   * The settings of one principal ARN (the account default is the root principal's, as in ECS).
   * '%' and '/' are percent-encoded: IAM paths put '/' in user and role ARNs, and without the
   * encoding one principal's prefix would hold another's keys (role/a vs role/a/b).
   */
  public static String accountSettings(String principal) {
    return ACCOUNT_SETTINGS + principal.replace("%", "%25").replace("/", "%2F") + "/";
  }

  public static String accountSetting(String principal, String name) {
    return accountSettings(principal) + name;
  }

  public static String credential(String accessKeyId) {
    return CREDENTIALS + accessKeyId;
  }
}
