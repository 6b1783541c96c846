package dev.gantry.store;

import java.util.List;

/** All of {@code then} if every one of {@code when} holds, else nothing. */
public record Txn(List<Compare> when, List<Op> then) {
  public Txn {
    when = List.copyOf(when);
    then = List.copyOf(then);
  }
}
