package dev.gantry.server.ops;

import dev.gantry.server.api.EcsException;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * ECS-style paging over a key range: {@code maxResults} (1..100, default 100) and an opaque
 * {@code nextToken} that is the last key examined, so a page stays correct when keys are
 * added or removed between calls. Filtering happens while paging, so a page may hold fewer
 * items than asked only when the range is exhausted.
 */
final class Pagination {
  static final int DEFAULT_MAX_RESULTS = 100;
  private static final String TOKEN_KIND = "g1:";

  private Pagination() {}

  record Page<T>(List<T> items, Optional<String> nextToken) {
    String nextTokenOrNull() {
      return nextToken.orElse(null);
    }
  }

  static int maxResults(Integer requested, int limit) {
    if (requested == null) {
      return limit;
    }
    if (requested < 1 || requested > limit) {
      throw EcsException.invalidParameter(
          "maxResults " + requested + " is out of range: it must be between 1 and " + limit + ".");
    }
    return requested;
  }

  /** Items of {@code prefix} after the token's key, mapped; the mapper drops an item by returning empty. */
  static <T> Page<T> page(StateStore store, String prefix, String nextToken, int maxResults, boolean reverse,
      Function<KeyValue, Optional<T>> mapper) {
    Range range = new Range(prefix, decode(nextToken, prefix), 0, reverse);
    List<T> items = new ArrayList<>();
    while (true) {
      RangeResult chunk = store.range(range.limit(Math.max(maxResults - items.size(), 16)));
      for (int i = 0; i < chunk.kvs().size(); i++) {
        KeyValue kv = chunk.kvs().get(i);
        mapper.apply(kv).ifPresent(items::add);
        boolean rest = i < chunk.kvs().size() - 1 || chunk.more();
        if (items.size() == maxResults) {
          return new Page<>(items, rest ? Optional.of(encode(kv.key())) : Optional.empty());
        }
      }
      if (!chunk.more() || chunk.kvs().isEmpty()) {
        return new Page<>(items, Optional.empty());
      }
      range = range.after(chunk.kvs().getLast().key());
    }
  }

  /**
   * An opaque nextToken carrying {@code position} (a key, or whatever a listing resumes after)
   * under the listing's {@code kind}, so that one listing's token is not taken for another's.
   */
  static String token(String kind, String position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position a token of {@code kind} carries; empty when {@code token} is not such a token. */
  static Optional<String> position(String kind, String token) {
    if (token == null) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return text.startsWith(kind) ? Optional.of(text.substring(kind.length())) : Optional.empty();
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  private static String encode(String key) {
    return token(TOKEN_KIND, key);
  }

  private static Optional<String> decode(String token, String prefix) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(position(TOKEN_KIND, token).filter(key -> key.startsWith(prefix)).orElseThrow(() ->
        EcsException.invalidParameter("nextToken is not valid for this request: pass back the nextToken "
            + "value of the previous response of the same call unchanged.")));
  }
}
