package dev.gantry.server.ops;

import dev.gantry.model.SettingName;
import dev.gantry.model.SettingType;
import dev.gantry.server.api.EcsException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What each ECS account setting accepts and what it is when nobody has set it, as ECS has it
 * today: the long ARN formats and tagging authorization can no longer be turned off, Container
 * Insights has an "enhanced" level, the Fargate retirement wait is a number of days that only
 * the root user sets, and guardDutyActivate is managed by AWS and read-only.
 */
final class AccountSettingRules {
  private AccountSettingRules() {}

  enum Restriction {
    NONE,
    /** Only one value is accepted any more; turning the setting off is refused. */
    NO_OPT_OUT,
    /** Only the root principal (the account default) may hold a value. */
    ROOT_ONLY,
    /** Read-only: AWS sets it, users cannot put or delete it. */
    AWS_MANAGED
  }

  record Rule(SettingName name, List<String> validValues, String defaultValue, Restriction restriction) {
    SettingType type() {
      return restriction == Restriction.AWS_MANAGED ? SettingType.AWS_MANAGED : SettingType.USER;
    }
  }

  static Rule rule(SettingName name) {
    return switch (name) {
      case SERVICELONGARNFORMAT, TASKLONGARNFORMAT, CONTAINERINSTANCELONGARNFORMAT ->
          new Rule(name, List.of("enabled"), "enabled", Restriction.NO_OPT_OUT);
      case TAGRESOURCEAUTHORIZATION -> new Rule(name, List.of("on"), "on", Restriction.NO_OPT_OUT);
      case CONTAINERINSIGHTS ->
          new Rule(name, List.of("enabled", "disabled", "enhanced"), "disabled", Restriction.NONE);
      case AWSVPCTRUNKING, FARGATEFIPSMODE, FARGATEEVENTWINDOWS ->
          new Rule(name, List.of("enabled", "disabled"), "disabled", Restriction.NONE);
      case FARGATETASKRETIREMENTWAITPERIOD -> new Rule(name, List.of("0", "7", "14"), "7", Restriction.ROOT_ONLY);
      case DEFAULTLOGDRIVERMODE ->
          new Rule(name, List.of("blocking", "non-blocking"), "non-blocking", Restriction.NONE);
      case GUARDDUTYACTIVATE -> new Rule(name, List.of("on", "off"), "off", Restriction.AWS_MANAGED);
    };
  }

  static SettingName requiredName(SettingName name) {
    if (name == null) {
      throw EcsException.invalidParameter("name is required: one of " + allNames() + ".");
    }
    return name;
  }

  /** The rule of a setting a user wants to change (put or delete). */
  static Rule writable(SettingName name) {
    Rule rule = rule(requiredName(name));
    if (rule.restriction() == Restriction.AWS_MANAGED) {
      throw EcsException.invalidParameter("name " + name + " is a read-only account setting managed by AWS; "
          + "it cannot be put or deleted.");
    }
    return rule;
  }

  /** {@code value} if the setting accepts it. */
  static String checkedValue(Rule rule, String value) {
    if (value == null) {
      throw EcsException.invalidParameter("value is required for account setting " + rule.name()
          + ": valid values are " + String.join(", ", rule.validValues()) + ".");
    }
    if (rule.validValues().contains(value)) {
      return value;
    }
    if (rule.restriction() == Restriction.NO_OPT_OUT) {
      throw EcsException.invalidParameter("You can no longer disable the account setting " + rule.name()
          + ": value '" + value + "' is not accepted, the only valid value is " + rule.defaultValue() + ".");
    }
    throw EcsException.invalidParameter("value '" + value + "' is not valid for account setting " + rule.name()
        + ": valid values are " + String.join(", ", rule.validValues()) + ".");
  }

  private static String allNames() {
    return Arrays.stream(SettingName.values()).map(SettingName::toString).collect(Collectors.joining(", "));
  }
}
