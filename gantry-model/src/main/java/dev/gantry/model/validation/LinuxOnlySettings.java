package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.PidMode;
import dev.gantry.model.IpcMode;
import dev.gantry.model.ProxyConfiguration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The members ECS supports only for Linux containers (design section 4), in one place for the
 * two that refuse them on Windows: RegisterTaskDefinition for a Windows family, and the agent's
 * create config on a Windows host (a definition registered without a family can still land
 * there). A member counts only when it asks for something: {@code privileged: false}, an empty
 * list or a blank string ask for nothing and are let through.
 */
public final class LinuxOnlySettings {
  /** One Linux-only member that is set, and its value as given. */
  public record Asked(String member, Object value) {}

  private record Setting(String member, Function<ContainerDefinition, Object> value) {}

  private static final List<Setting> CONTAINER = List.of(
      new Setting("links", ContainerDefinition::links),
      new Setting("privileged", ContainerDefinition::privileged),
      new Setting("linuxParameters", ContainerDefinition::linuxParameters),
      new Setting("ulimits", ContainerDefinition::ulimits),
      new Setting("user", ContainerDefinition::user),
      new Setting("readonlyRootFilesystem", ContainerDefinition::readonlyRootFilesystem),
      new Setting("disableNetworking", ContainerDefinition::disableNetworking),
      new Setting("dnsServers", ContainerDefinition::dnsServers),
      new Setting("dnsSearchDomains", ContainerDefinition::dnsSearchDomains),
      new Setting("extraHosts", ContainerDefinition::extraHosts),
      new Setting("systemControls", ContainerDefinition::systemControls));

  private LinuxOnlySettings() {}

  /** The Linux-only members {@code container} asks for, in member order. */
  public static List<Asked> of(ContainerDefinition container) {
    List<Asked> out = new ArrayList<>();
    for (Setting s : CONTAINER) {
      Object value = s.value().apply(container);
      if (asks(value)) {
        out.add(new Asked(s.member(), value));
      }
    }
    return out;
  }

  /** The Linux-only task-level members that are set. */
  public static List<Asked> ofTask(PidMode pidMode, IpcMode ipcMode, ProxyConfiguration proxyConfiguration) {
    List<Asked> out = new ArrayList<>();
    if (asks(pidMode)) {
      out.add(new Asked("pidMode", pidMode));
    }
    if (asks(ipcMode)) {
      out.add(new Asked("ipcMode", ipcMode));
    }
    if (asks(proxyConfiguration)) {
      out.add(new Asked("proxyConfiguration", proxyConfiguration));
    }
    return out;
  }

  static boolean asks(Object value) {
    return switch (value) {
      case null -> false;
      case Boolean b -> b;
      case Collection<?> list -> !list.isEmpty();
      case String s -> !s.isBlank();
      default -> true;
    };
  }
}
