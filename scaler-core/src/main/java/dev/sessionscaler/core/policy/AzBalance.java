package dev.sessionscaler.core.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * ECS availability-zone rebalancing (on by default for services created since mid-2025) stops tasks in the
 * fullest zone whenever the zones are uneven, and it does not ask which of them are busy. So when it is on,
 * a scale-in takes only from a zone that holds the most tasks: the zones then never end up further apart than
 * before (and never more than one task apart if they were even), and rebalancing has nothing to stop.
 */
public final class AzBalance {
    private AzBalance() {
    }

    /**
     * The candidates that may be removed, in order, taking each from a fullest zone at that point; candidates come in
     * order of preference.
     *
     * @param liveByZone live tasks per zone before any removal
     */
    public static <T> List<T> removable(Map<String, Integer> liveByZone, List<T> candidates, Function<T, String> zoneOf) {
        Map<String, Integer> zones = new HashMap<>(liveByZone);
        List<T> left = new ArrayList<>(candidates);
        List<T> chosen = new ArrayList<>();
        boolean picked = true;
        while (picked && !left.isEmpty()) {
            picked = false;
            int fullest = zones.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (T candidate : left) {
                String zone = zoneOf.apply(candidate);
                if (zones.getOrDefault(zone, 0) == fullest) {
                    chosen.add(candidate);
                    left.remove(candidate);
                    zones.merge(zone, -1, Integer::sum);
                    picked = true;
                    break;
                }
            }
        }
        return chosen;
    }
}
