package dev.gantry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A watch listener that records what it is given, for tests to await and inspect. */
public final class WatchRecorder implements Consumer<WatchEvent> {
  private final List<WatchEvent> events = new ArrayList<>();

  @Override
  public synchronized void accept(WatchEvent e) {
    events.add(e);
  }

  public synchronized List<WatchEvent> events() {
    return List.copyOf(events);
  }

  public synchronized int size() {
    return events.size();
  }

  /** Each event as "TYPE key@revision", for readable assertions. */
  public List<String> describe() {
    return events().stream().map(e -> e.type() + " " + e.kv().key() + "@" + e.revision()).toList();
  }
}
