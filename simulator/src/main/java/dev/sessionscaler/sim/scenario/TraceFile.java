package dev.sessionscaler.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a recorded session trace (README, "Replay your own sessions"). The format is told by the content: a first
 * non-blank line starting with <code>{</code> is JSON Lines in the session event contract, anything else is CSV.
 * <ul>
 * <li>CSV: a header naming at least {@code start} and {@code end} (any order, other columns ignored, no quoted commas),
 *     then a row per session; times are ISO-8601 instants with an offset ({@code 2026-03-02T08:15:00Z}) or epoch
 *     seconds. An optional {@code sessionId} column must not repeat.</li>
 * <li>JSON Lines: SESSION_STARTED and SESSION_ENDED events paired by task and {@code sessionId} in time order (to the
 *     millisecond); TASK_HEARTBEAT lines are read for their time only. A start without an end lasts to the trace's last
 *     event; an end without a start, a second start of an open session and a second end are counted and skipped.</li>
 * </ul>
 * Every bad row is refused with the file, the line and the field. Times are kept to the second. A leading byte-order
 * mark is ignored; the text must be UTF-8.
 */
public final class TraceFile {
    /** Enough for a month of a busy service; a bound so a wrong file cannot exhaust the memory. */
    public static final int MAX_SESSIONS = 5_000_000;
    /** Lines read at most: every session's start and end and a few heartbeats each. */
    static final int MAX_LINES = 4 * MAX_SESSIONS;
    /** The longest session and the longest trace accepted: beyond them a time is a placeholder, not a recording. */
    static final long MAX_SESSION_SECONDS = 366L * 86_400;
    static final long MAX_SPAN_SECONDS = 10 * 366L * 86_400;

    private TraceFile() {
    }

    /** Reads {@code file}; {@code name} is how messages name it. */
    public static RecordedTrace read(Path file, String name) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (lines.size() == MAX_LINES) {
                    throw new InvalidInputException(name, "has more than " + MAX_LINES + " lines; split it or give a shorter period");
                }
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "no such trace file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name + ": line " + (lines.size() + 1), "is not UTF-8 text; save the trace as UTF-8");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read the trace: " + e.getMessage());
        }
        return parse(lines, name);
    }

    static RecordedTrace parse(List<String> lines, String name) {
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines = new ArrayList<>(lines);
            lines.set(0, lines.get(0).substring(1));  // a byte-order mark, as spreadsheet programs write
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new InvalidInputException(name, "the trace is empty");
        }
        CountedList recorded = lines.get(first).stripLeading().startsWith("{")
                ? new JsonLines(name).read(lines) : new Csv(name).read(lines, first);
        return build(name, recorded);
    }

    /** A session as read, in epoch seconds; {@code end} is null until an end is known. */
    private record Recorded(long start, Long end) {
    }

    private static RecordedTrace build(String name, CountedList recorded) {
        Counts counts = recorded.counts;
        if (recorded.isEmpty()) {
            throw new InvalidInputException(name, "the trace holds no session");
        }
        long start = recorded.stream().mapToLong(Recorded::start).min().orElseThrow();
        long end = Math.max(counts.lastEvent, recorded.stream().mapToLong(r -> r.end() == null ? r.start() : r.end()).max().orElseThrow());
        if (end - start > MAX_SPAN_SECONDS) {
            throw new InvalidInputException(name, "spans from " + Instant.ofEpochSecond(start) + " to " + Instant.ofEpochSecond(end)
                    + ", more than ten years: is a placeholder time in it?");
        }
        List<Recorded> sorted = new ArrayList<>(recorded);
        sorted.sort(Comparator.comparingLong(Recorded::start));
        List<SessionTrace.Session> sessions = new ArrayList<>(sorted.size());
        for (Recorded r : sorted) {
            long stop = r.end() == null ? end : r.end();
            sessions.add(new SessionTrace.Session(sessions.size(), seconds(r.start() - start), seconds(Math.max(1, stop - r.start()))));
        }
        return new RecordedTrace(name, Instant.ofEpochSecond(start), sessions, end - start, counts.endsWithoutStart,
                counts.startsWithoutEnd, counts.duplicateStarts, counts.duplicateEnds);
    }

    /** Seconds within the trace: at most {@link #MAX_SPAN_SECONDS}, checked above, so they fit an int. */
    private static int seconds(long value) {
        return Math.toIntExact(value);
    }

    private static final class Counts {
        long lastEvent = Long.MIN_VALUE;
        int endsWithoutStart;
        int startsWithoutEnd;
        int duplicateStarts;
        int duplicateEnds;
    }

    private static final class CountedList extends ArrayList<Recorded> {
        final Counts counts = new Counts();
    }

    private static void room(List<?> sessions, String where) {
        if (sessions.size() >= MAX_SESSIONS) {
            throw new InvalidInputException(where, "the trace holds more than " + MAX_SESSIONS + " sessions; split it or give a shorter period");
        }
    }

    /** An instant with an offset, or epoch seconds, to the second (fractions dropped). */
    static long epochSeconds(String text, String where) {
        return Math.floorDiv(epochMillis(text, where), 1000);
    }

    /** An instant with an offset, or epoch seconds, to the millisecond. */
    static long epochMillis(String text, String where) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new InvalidInputException(where, "is empty; give an ISO-8601 instant such as 2026-03-02T08:15:00Z or epoch seconds");
        }
        if (value.matches("\\d{1,12}(\\.\\d*)?")) {
            return new BigDecimal(value).movePointRight(3).longValue();  // twelve digits reach past the year 9999
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where, "is neither an ISO-8601 instant with an offset (2026-03-02T08:15:00Z) nor epoch"
                    + " seconds: " + value);
        }
    }

    private static final class Csv {
        private final String name;

        Csv(String name) {
            this.name = name;
        }

        CountedList read(List<String> lines, int headerIndex) {
            List<String> header = cells(lines.get(headerIndex));
            int start = column(header, "start", headerIndex);
            int end = column(header, "end", headerIndex);
            int id = header.indexOf("sessionId");
            Set<String> ids = new HashSet<>();
            CountedList sessions = new CountedList();
            for (int i = headerIndex + 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String line = name + ": line " + (i + 1);
                List<String> cells = cells(lines.get(i));
                if (cells.size() != header.size()) {
                    throw new InvalidInputException(line, "has " + cells.size() + " fields, the header names " + header.size());
                }
                long from = epochSeconds(cells.get(start), line + ": start");
                long to = epochSeconds(cells.get(end), line + ": end");
                if (to < from) {
                    throw new InvalidInputException(line + ": end", "is before start (" + cells.get(end).strip() + " < "
                            + cells.get(start).strip() + ")");
                }
                if (to - from > MAX_SESSION_SECONDS) {
                    throw new InvalidInputException(line + ": end", "is more than a year after start (" + cells.get(end).strip()
                            + "): a placeholder for a session that never ended? End it when the recording ends");
                }
                if (id >= 0 && !ids.add(cells.get(id))) {
                    throw new InvalidInputException(line + ": sessionId", "repeats an earlier row's: " + cells.get(id));
                }
                room(sessions, line);
                sessions.add(new Recorded(from, to));
            }
            return sessions;
        }

        private int column(List<String> header, String wanted, int headerIndex) {
            int index = header.indexOf(wanted);
            if (index < 0) {
                throw new InvalidInputException(name + ": line " + (headerIndex + 1), "the CSV header must name a \"" + wanted
                        + "\" column (and \"start\", \"end\", optionally \"sessionId\"), got: " + String.join(",", header));
            }
            return index;
        }

        private static List<String> cells(String line) {
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",", -1)) {
                String value = cell.strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                cells.add(value);
            }
            return cells;
        }
    }

    private static final class JsonLines {
        private final String name;

        JsonLines(String name) {
            this.name = name;
        }

        /** {@code at} in epoch milliseconds; {@code key} names the session: its task's ids and its own. */
        private record Event(int line, long at, String type, String key) {
        }

        CountedList read(List<String> lines) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    events.add(event(lines.get(i), i + 1));
                }
            }
            events.sort(Comparator.comparingLong(Event::at).thenComparingInt(Event::line));
            CountedList sessions = new CountedList();
            Map<String, Long> open = new HashMap<>();
            Set<String> ended = new HashSet<>();
            for (Event e : events) {
                long second = Math.floorDiv(e.at(), 1000);
                sessions.counts.lastEvent = Math.max(sessions.counts.lastEvent, second);
                switch (e.type()) {
                    case "SESSION_STARTED" -> {
                        if (open.putIfAbsent(e.key(), second) != null) {
                            sessions.counts.duplicateStarts++;
                        }
                    }
                    case "SESSION_ENDED" -> {
                        Long from = open.remove(e.key());
                        if (from != null) {
                            room(sessions, name + ": line " + e.line());
                            sessions.add(new Recorded(from, second));
                            ended.add(e.key());
                        } else if (ended.contains(e.key())) {
                            sessions.counts.duplicateEnds++;
                        } else {
                            sessions.counts.endsWithoutStart++;
                        }
                    }
                    default -> { }  // a heartbeat: only its time counts
                }
            }
            for (long from : open.values()) {
                room(sessions, name);
                sessions.add(new Recorded(from, null));
            }
            sessions.counts.startsWithoutEnd = open.size();
            return sessions;
        }

        private Event event(String text, int number) {
            String line = name + ": line " + number;
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(line, "is not a JSON object: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(line, "is not a JSON object");
            }
            String type = text(node, "type", line);
            if (!Set.of("SESSION_STARTED", "SESSION_ENDED", "TASK_HEARTBEAT").contains(type)) {
                throw new InvalidInputException(line + ": type", "must be SESSION_STARTED, SESSION_ENDED or TASK_HEARTBEAT, got " + type);
            }
            long at = epochMillis(text(node, "timestamp", line), line + ": timestamp");
            String sessionId = type.equals("TASK_HEARTBEAT") ? null : text(node, "sessionId", line);
            // the store keys a session by its task: the same id on two tasks is two sessions
            String key = sessionId == null ? null : String.join("\n", node.path("cluster").asText(""), node.path("service").asText(""),
                    node.path("taskArn").asText(""), sessionId);
            return new Event(number, at, type, key);
        }

        private static String text(JsonNode node, String field, String line) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new InvalidInputException(line + ": " + field, "is missing or not a non-empty string");
            }
            return value.asText();
        }
    }
}
