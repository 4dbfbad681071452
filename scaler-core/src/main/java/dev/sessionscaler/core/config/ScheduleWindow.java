package dev.sessionscaler.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A scheduled floor: on the given days, from {@code from} to {@code to} local time in {@code timeZone}, the service runs
 * at least {@code minTasks} tasks (ready before a predictable rush). A window whose {@code to} is before its {@code from}
 * runs past midnight, one whose {@code to} equals its {@code from} lasts 24 hours; {@code days} are the days it starts
 * on. Local times follow the zone's daylight saving rules
 * ({@code java.time}): on the day clocks go forward a window inside the skipped hour does not happen, and on the day
 * they go back a window inside the repeated hour happens twice.
 */
public record ScheduleWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId timeZone, int minTasks) {
    static final Set<String> FIELDS = Set.of("days", "from", "to", "timeZone", "minTasks");
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    public ScheduleWindow {
        days = Set.copyOf(days);
    }

    /** Reads one window strictly; errors name the field (under the caller's path, e.g. {@code schedules[0].days}). */
    static ScheduleWindow fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        List<String> dayNames = json.strings("days");
        if (dayNames.isEmpty()) {
            throw new InvalidInputException(json.at("days"), "must name at least one day (MON, TUE, WED, THU, FRI, SAT, SUN)");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : dayNames) {
            DayOfWeek day = day(name);
            if (day == null) {
                throw new InvalidInputException(json.at("days"), "\"" + name + "\" is not a day: use MON, TUE, WED, THU, FRI, SAT or SUN");
            }
            if (!days.add(day)) {
                throw new InvalidInputException(json.at("days"), name + " is named twice");
            }
        }
        LocalTime from = time(json, "from");
        LocalTime to = time(json, "to");
        String zone = json.string("timeZone");
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw new InvalidInputException(json.at("timeZone"), "\"" + zone + "\" is not an IANA time zone id (such as"
                    + " Europe/Berlin, America/New_York or UTC)");
        }
        int minTasks = json.integer("minTasks");
        if (minTasks < 0) {
            throw new InvalidInputException(json.at("minTasks"), "must be at least 0, got " + minTasks);
        }
        return new ScheduleWindow(days, from, to, ZoneId.of(zone), minTasks);
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equals(name)) {
                return d;
            }
        }
        return null;
    }

    private static LocalTime time(JsonInput json, String field) {
        String text = json.string(field);
        if (!HH_MM.matcher(text).matches()) {
            throw new InvalidInputException(json.at(field), "must be a time of day as HH:MM (00:00 to 23:59), got \"" + text + "\"");
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(json.at(field), "must be a time of day as HH:MM, got \"" + text + "\"");
        }
    }

    /** Whether the window is on at {@code now}. */
    public boolean isActive(Instant now) {
        ZonedDateTime local = now.atZone(timeZone);
        LocalTime time = local.toLocalTime();
        DayOfWeek today = local.getDayOfWeek();
        if (from.isBefore(to)) {
            return days.contains(today) && !time.isBefore(from) && time.isBefore(to);
        }
        // past midnight (or 24 hours, to equal to from): started today after from, or started yesterday and not yet at to
        return days.contains(today) && !time.isBefore(from) || days.contains(today.minus(1)) && time.isBefore(to);
    }

    /** For messages and the audit record, e.g. {@code MON,TUE 07:30-09:30 Europe/Berlin: minTasks 12}. */
    public String describe() {
        return String.join(",", dayNames()) + " " + from.format(TIME) + "-" + to.format(TIME) + " " + timeZone.getId()
                + ": minTasks " + minTasks;
    }

    /** As written in a config file (the audit record shows the config). */
    @JsonValue
    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("days", dayNames());
        json.put("from", from.format(TIME));
        json.put("to", to.format(TIME));
        json.put("timeZone", timeZone.getId());
        json.put("minTasks", minTasks);
        return json;
    }

    private List<String> dayNames() {
        List<String> names = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (days.contains(d)) {
                names.add(d.name().substring(0, 3));
            }
        }
        return names;
    }
}
