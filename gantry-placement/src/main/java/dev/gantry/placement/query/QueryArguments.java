package dev.gantry.placement.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The typed arguments of the fixed subjects: registration dates, task counts and agent versions,
 * read once at parse time, and the comparisons evaluation uses on them.
 */
final class QueryArguments {

    static final String DATE_FORMS = "a date as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18";

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern DATE_TIME_OFFSET = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9})*");
    private static final Pattern COUNT = Pattern.compile("\\d{1,9}");

    private QueryArguments() {
    }

    /**
     * A date value stands for the span it names: a whole UTC day for {@code 2018-06-18}, one second
     * for the date-time forms (a zone-less time is UTC). {@code ==} means within the span, {@code <}
     * before it, {@code >} after it, so exactly one of the three holds for any instant.
     */
    record Span(Instant start, Instant end) {
        int compareTo(Instant instant) {
            return instant.isBefore(start) ? -1 : instant.isBefore(end) ? 0 : 1;
        }
    }

    static Optional<Span> span(String value) {
        try {
            if (DATE.matcher(value).matches()) {
                Instant start = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                return Optional.of(new Span(start, start.plus(1, ChronoUnit.DAYS)));
            }
            Instant start;
            if (DATE_TIME.matcher(value).matches()) {
                start = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } else if (DATE_TIME_OFFSET.matcher(value).matches()) {
                start = OffsetDateTime.parse(value).toInstant();
            } else {
                return Optional.empty();
            }
            return Optional.of(new Span(start, start.plusSeconds(1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static boolean isVersion(String value) {
        return VERSION.matcher(value).matches();
    }

    static boolean isCount(String value) {
        return COUNT.matcher(value).matches();
    }

    static Optional<BigDecimal> number(String value) {
        try {
            return Optional.of(new BigDecimal(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Orders agent versions segment by segment ({@code 1.9 < 1.14}), missing segments counting as
     * zero ({@code 1.14 == 1.14.0}); within a segment the leading number, then any suffix as text.
     * Walks both strings without allocating, as it runs once per instance per evaluation.
     */
    static int compareVersions(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            long x = 0;
            while (i < a.length() && isDigit(a.charAt(i))) {
                x = Math.min(x * 10 + (a.charAt(i++) - '0'), Long.MAX_VALUE / 10);
            }
            long y = 0;
            while (j < b.length() && isDigit(b.charAt(j))) {
                y = Math.min(y * 10 + (b.charAt(j++) - '0'), Long.MAX_VALUE / 10);
            }
            if (x != y) {
                return Long.compare(x, y);
            }
            int si = i;
            while (i < a.length() && a.charAt(i) != '.') {
                i++;
            }
            int sj = j;
            while (j < b.length() && b.charAt(j) != '.') {
                j++;
            }
            int suffix = compareRegions(a, si, i, b, sj, j);
            if (suffix != 0) {
                return suffix;
            }
            i = Math.min(i + 1, Math.max(i, a.length()));
            j = Math.min(j + 1, Math.max(j, b.length()));
        }
        return 0;
    }

    private static int compareRegions(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        int n = Math.min(aTo - aFrom, bTo - bFrom);
        for (int k = 0; k < n; k++) {
            int d = a.charAt(aFrom + k) - b.charAt(bFrom + k);
            if (d != 0) {
                return d;
            }
        }
        return (aTo - aFrom) - (bTo - bFrom);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
