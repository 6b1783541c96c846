package dev.gantry.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** ECS_LOGLEVEL, ECS's levels from most to least verbose. */
public enum LogLevel {
  DEBUG, INFO, WARN, ERROR, CRIT;

  static Optional<LogLevel> fromValue(String text) {
    return Arrays.stream(values()).filter(l -> l.name().equalsIgnoreCase(text.strip())).findFirst();
  }

  /** The JDK logging level closest to this one. */
  public System.Logger.Level systemLevel() {
    return switch (this) {
      case DEBUG -> System.Logger.Level.DEBUG;
      case INFO -> System.Logger.Level.INFO;
      case WARN -> System.Logger.Level.WARNING;
      case ERROR, CRIT -> System.Logger.Level.ERROR;
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
